package dev.kestrel.engine.loader;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One error or warning found while loading rules files: Falco's code (e.g.
 * {@link DiagnosticCode#LOAD_ERR_COMPILE_CONDITION}), a sentence for the user, and where it is: file,
 * 1-based line and column (line and column 0 when the problem has no place in a file). Immutable;
 * every component is non-null.
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String message, String file, int line, int column) {

    /** Errors fail the load; warnings do not. */
    public enum Severity {
        ERROR, WARNING;

        public String text() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(file, "file");
    }

    /** A diagnostic whose severity is the one Falco gives {@code code}. */
    public static Diagnostic of(DiagnosticCode code, String message, String file, int line, int column) {
        return new Diagnostic(code.severity(), code, message, file, line, column);
    }

    /**
     * {@code diagnostics} in reading order: by file (files in the order they first appear), then line
     * and column; diagnostics at the same place keep their order. Returns a new immutable list.
     */
    public static List<Diagnostic> inReadingOrder(List<Diagnostic> diagnostics) {
        List<String> files = diagnostics.stream().map(Diagnostic::file).distinct().toList();
        return diagnostics.stream()
                .sorted(Comparator.<Diagnostic>comparingInt(d -> files.indexOf(d.file()))
                        .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
    }

    /** {@code FILE:LINE:COL: error|warning: CODE: message}, the form {@code kestrel validate} prints. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + severity.text() + ": " + code.text() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
