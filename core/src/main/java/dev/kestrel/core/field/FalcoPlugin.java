package dev.kestrel.core.field;

import java.util.Objects;

/**
 * The Falco plugin a field class stands for, such as {@code container 0.6.0}: rules files name it in
 * {@code required_plugin_versions} and the loader checks the requirement against it. Immutable.
 *
 * @param name the plugin's name as Falco knows it; non-null
 * @param version its version, {@code major.minor.patch}; non-null
 */
public record FalcoPlugin(String name, String version) {
    public FalcoPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
