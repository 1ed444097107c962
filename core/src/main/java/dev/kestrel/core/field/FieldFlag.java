package dev.kestrel.core.field;

/** Properties of a field that restrict where and how it may be used. */
public enum FieldFlag {
    /** Only usable in conditions, not in outputs. */
    FILTER_ONLY,
    /** Only usable in outputs. */
    OUTPUT_ONLY,
    /** Extracts several values: only {@code exists}, {@code in}, {@code intersects} compile. */
    LIST,
    /** Cannot appear in, or be compared with, {@code val(...)}. */
    NO_RHS,
    /** Transformers may not be applied. */
    NO_TRANSFORMER,
    /** Deprecated: loads with a warning. */
    DEPRECATED,
    /** Falco suggests it as an output field. */
    SUGGESTED_OUTPUT
}
