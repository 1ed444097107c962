package dev.kestrel.core.field;

/** A field reference that cannot be bound (a bad argument, an unsupported combination). */
public final class FieldBindException extends Exception {
    private static final long serialVersionUID = 1L;

    public FieldBindException(String message) {
        super(message);
    }
}
