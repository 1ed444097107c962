package dev.kestrel.engine.loader;

/** A place in a rules file: its name and 1-based line and column. */
record Spot(String file, int line, int column) {

    /** The spot {@code n} columns further on the same line. */
    Spot plusColumns(int n) {
        return new Spot(file, line, column + n);
    }

    Diagnostic error(DiagnosticCode code, String message) {
        return new Diagnostic(Diagnostic.Severity.ERROR, code, message, file, line, column);
    }

    Diagnostic warning(DiagnosticCode code, String message) {
        return new Diagnostic(Diagnostic.Severity.WARNING, code, message, file, line, column);
    }
}
