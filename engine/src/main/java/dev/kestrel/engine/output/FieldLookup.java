package dev.kestrel.engine.output;

import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;

/**
 * Finds the accessor for a field written in an output, e.g. {@code proc.name},
 * {@code proc.aname[2]} or {@code evt.arg.flags}. The output compiler calls it with ever shorter
 * prefixes of a {@code %token} until one is a field, so it must answer null (not throw) for text
 * that is not a field name.
 */
@FunctionalInterface
public interface FieldLookup {

    /**
     * The accessor for {@code fieldText}, or null when no field has that name.
     *
     * @throws FieldBindException when the name is a field but its argument is not acceptable
     */
    FieldAccessor find(String fieldText) throws FieldBindException;

    /** The sentence explaining why {@code fieldText} is not a field, with a suggestion when there is one; may be null. */
    default String explain(String fieldText) {
        return null;
    }
}
