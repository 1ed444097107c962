package dev.kestrel.engine.runtime;

/**
 * The kind of events an instance is mainly fed, which decides what its rules are compiled against
 * when it is built or reloaded; the other kind is compiled on first use.
 */
public enum EventForm {
    /** System events ({@link Kestrel#process}) read through the rebuilt process and fd state. */
    SYSCALL,
    /** Field-value events ({@link Kestrel#processFieldValues}) that give each field's value directly, as rule tests do. */
    FIELD_VALUES
}
