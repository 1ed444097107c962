package dev.kestrel.engine.loader;

/**
 * Thrown while reading or collecting one item when it cannot be used; the loader reports the
 * diagnostic, skips the item and carries on with the next one.
 */
final class InvalidItem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;

    InvalidItem(Diagnostic diagnostic) {
        super(diagnostic.message(), null, false, false);
        this.diagnostic = diagnostic;
    }

    static InvalidItem yaml(Spot spot, String message) {
        return new InvalidItem(spot.error(DiagnosticCode.LOAD_ERR_YAML_VALIDATE, message));
    }

    static InvalidItem validate(Spot spot, String message) {
        return new InvalidItem(spot.error(DiagnosticCode.LOAD_ERR_VALIDATE, message));
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
