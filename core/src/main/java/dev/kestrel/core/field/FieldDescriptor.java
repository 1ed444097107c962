package dev.kestrel.core.field;

import java.util.Set;

/**
 * One entry of the field catalogue: a field's name, value type, argument form, flags and a one-line
 * description. {@code supported} says whether Kestrel extracts it (false: it loads but never has a
 * value).
 */
public record FieldDescriptor(
        String name,
        FieldType type,
        ArgumentForm argument,
        Set<FieldFlag> flags,
        String description,
        boolean supported) {

    public FieldDescriptor {
        flags = Set.copyOf(flags);
    }

    public boolean has(FieldFlag flag) {
        return flags.contains(flag);
    }

    /** The field class: the text before the first dot ({@code proc} for {@code proc.name}). */
    public String fieldClass() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
