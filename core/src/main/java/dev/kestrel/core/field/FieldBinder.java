package dev.kestrel.core.field;

/**
 * Turns resolved field references into accessors. The engine compiles a ruleset against one binder:
 * the state binder reads live system state; the field-value binder reads the values given in a
 * {@code {"fields": {...}}} test event.
 */
@FunctionalInterface
public interface FieldBinder {
    FieldAccessor bind(FieldRef ref) throws FieldBindException;
}
