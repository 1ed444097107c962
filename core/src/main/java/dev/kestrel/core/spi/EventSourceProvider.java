package dev.kestrel.core.spi;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Creates {@link EventSource}s of one kind. Register an implementation in
 * {@code META-INF/services/dev.kestrel.core.spi.EventSourceProvider}; {@link #find} selects it by name.
 */
public interface EventSourceProvider {

    /** The source's name, e.g. {@code strace} or {@code jsonl}. */
    String name();

    /** One line saying what the source reads and what its arguments are. */
    String description();

    /**
     * A new, not yet started source configured by {@code arguments} (their meaning is the
     * source's own, e.g. {@code ["--", "sh", "-c", "id"]} or {@code ["events.jsonl"]}).
     *
     * @throws EventSourceException when the arguments are wrong; the message says how
     */
    EventSource create(List<String> arguments) throws EventSourceException;

    /** The provider named {@code name} among those {@link ServiceLoader} finds, if any. */
    static Optional<EventSourceProvider> find(String name) {
        for (EventSourceProvider p : ServiceLoader.load(EventSourceProvider.class)) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every provider {@link ServiceLoader} finds, in class-path order. */
    static List<EventSourceProvider> all() {
        return ServiceLoader.load(EventSourceProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
