package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.AlertSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Makes a named kind of sink from text options, so sinks can be chosen in configuration
 * ({@code stdout}, {@code file}, or a host's own such as {@code loki}). Implementations are found
 * through {@link ServiceLoader}; register them in
 * {@code META-INF/services/dev.kestrel.engine.sink.AlertSinkProvider}.
 */
public interface AlertSinkProvider {

    /** The kind this provider makes, e.g. {@code file}. */
    String name();

    /**
     * A new sink configured by {@code options}.
     *
     * @throws IllegalArgumentException with a sentence for the user when an option is missing or wrong
     * @throws Exception when the sink cannot be opened
     */
    AlertSink create(Map<String, String> options) throws Exception;

    /** Every provider visible to {@code loader}. */
    static List<AlertSinkProvider> all(ClassLoader loader) {
        List<AlertSinkProvider> found = new ArrayList<>();
        ServiceLoader.load(AlertSinkProvider.class, loader).forEach(found::add);
        return found;
    }

    /** The provider called {@code name}, or null. */
    static AlertSinkProvider find(String name, ClassLoader loader) {
        for (AlertSinkProvider p : all(loader)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
