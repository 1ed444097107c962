package dev.kestrel.core.field;

import java.util.List;
import java.util.Optional;

/**
 * A family of fields sharing a prefix ({@code proc}, {@code fd}, {@code myapp}), found through
 * {@link java.util.ServiceLoader}. It describes its fields for the catalogue and binds a field
 * reference to an accessor once, at compile time.
 */
public interface FieldClass {

    /** The class name as listed by {@code kestrel fields}, e.g. {@code proc}. */
    String name();

    /** One line saying what the class describes, for listings; empty by default. */
    default String description() {
        return "";
    }

    /**
     * The Falco plugin this class provides the fields of (e.g. {@code container 0.6.0}), checked against
     * a rules file's {@code required_plugin_versions}; empty (the default) for libsinsp's own fields.
     */
    default Optional<FalcoPlugin> plugin() {
        return Optional.empty();
    }

    /**
     * The event source whose rules this class serves; {@code syscall} by default. Rules of a source no
     * field class serves are skipped with Falco's LOAD_UNKNOWN_SOURCE warning.
     */
    default String eventSource() {
        return "syscall";
    }

    /** Every field of this class, for validation, suggestions and listings. */
    List<FieldDescriptor> fields();

    /**
     * Returns the accessor for {@code ref}, or throws {@link FieldBindException} with a sentence for
     * the user when the argument is not acceptable. Called at compile time only.
     */
    FieldAccessor bind(FieldRef ref) throws FieldBindException;
}
