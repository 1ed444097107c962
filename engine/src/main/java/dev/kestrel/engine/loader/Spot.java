package dev.kestrel.engine.loader;

/** A place in a rules or config file: its name and 1-based line and column. Immutable. */
public record Spot(String file, int line, int column) {

    /** The spot {@code n} columns further on the same line. */
    public Spot plusColumns(int n) {
        return new Spot(file, line, column + n);
    }

    public Diagnostic error(DiagnosticCode code, String message) {
        return new Diagnostic(Diagnostic.Severity.ERROR, code, message, file, line, column);
    }

    public Diagnostic warning(DiagnosticCode code, String message) {
        return new Diagnostic(Diagnostic.Severity.WARNING, code, message, file, line, column);
    }
}
