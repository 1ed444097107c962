package dev.kestrel.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reads one top-level section of {@code kestrel.yaml} that the engine does not own ({@code loki},
 * {@code slack}, {@code webserver}, ...) and makes the output it describes. Found through
 * {@link ServiceLoader}; register in {@code META-INF/services/dev.kestrel.engine.config.OutputSectionProvider}
 * and with {@code provides} in module-info. Implementations must be stateless and thread-safe.
 */
public interface OutputSectionProvider {

    /** The top-level key this provider reads, e.g. {@code loki}. */
    String section();

    /**
     * Checks the section and returns the output it configures, or null when the section turns the
     * output off (an empty address, {@code enabled: false}). Every mistake is recorded on
     * {@code section} (with its position); nothing is opened or started here.
     */
    ConfiguredOutput read(ConfigNode section, ConfigContext context);

    /** Every provider visible to {@code loader}. */
    static List<OutputSectionProvider> all(ClassLoader loader) {
        List<OutputSectionProvider> found = new ArrayList<>();
        ServiceLoader.load(OutputSectionProvider.class, loader).forEach(found::add);
        return found;
    }
}
