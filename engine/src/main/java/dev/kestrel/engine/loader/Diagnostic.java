package dev.kestrel.engine.loader;

/**
 * One error or warning found while loading rules files, with Falco's code (e.g.
 * {@code LOAD_ERR_COMPILE_CONDITION}, {@code LOAD_UNUSED_MACRO}), a sentence for the user, and where
 * it is: file, 1-based line and column.
 */
public record Diagnostic(Severity severity, String code, String message, String file, int line, int column) {

    /** Errors fail the load; warnings do not. */
    public enum Severity {
        ERROR, WARNING;

        public String text() {
            return this == ERROR ? "error" : "warning";
        }
    }

    /** {@code FILE:LINE:COL: error|warning: CODE: message}, the form {@code kestrel validate} prints. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + severity.text() + ": " + code + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
