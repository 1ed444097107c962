package dev.kestrel.core.field;

import java.util.Locale;

/**
 * The value type of a field, after libsinsp's parameter types. It decides which operators compile
 * against the field and how literals on the right-hand side are parsed.
 */
public enum FieldType {
    STRING, BYTEBUF,
    INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64,
    /** A port number (uint16) that also accepts a service name such as {@code http}. */
    PORT,
    /** Relative time in nanoseconds (uint64). */
    RELTIME,
    /** Absolute time in nanoseconds since the epoch (uint64). */
    ABSTIME,
    DOUBLE, BOOL,
    IPADDR, IPNET,
    /** Takes the type of the named syscall parameter (evt.arg.X, evt.rawarg.X). */
    DYNAMIC;

    /** True for every type compared as a number. */
    public boolean isNumeric() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, PORT, RELTIME, ABSTIME, DOUBLE -> true;
            default -> false;
        };
    }

    /** True for STRING (and paths): the types on which every string operator compiles. */
    public boolean isString() {
        return this == STRING;
    }

    /** Lower-case name as printed by {@code kestrel fields}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
