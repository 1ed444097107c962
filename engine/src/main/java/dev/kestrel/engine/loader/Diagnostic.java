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

    /** The most characters of a message {@link #format} prints: messages quote names a rules file chose. */
    static final int MAX_FORMATTED_MESSAGE_CHARS = 4_096;

    /**
     * {@code FILE:LINE:COL: error|warning: CODE: message}, the form {@code kestrel validate} prints, on one line:
     * control characters a file put in a name are escaped ({@code \n}, {@code \x1b}), so a name cannot forge
     * a line of its own or drive a terminal, and a message past {@value #MAX_FORMATTED_MESSAGE_CHARS} characters
     * is cut, saying how much.
     */
    public String format() {
        String text = message.length() > MAX_FORMATTED_MESSAGE_CHARS
                ? message.substring(0, MAX_FORMATTED_MESSAGE_CHARS) + "... (" + (message.length() - MAX_FORMATTED_MESSAGE_CHARS)
                        + " more characters)"
                : message;
        return escaped(file) + ":" + line + ":" + column + ": " + severity.text() + ": " + code.text() + ": " + escaped(text);
    }

    private static String escaped(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c >= 0x7f && c < 0xa0;
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\t') {
                    b.append("\\t");
                } else if (c == '\r') {
                    b.append("\\r");
                } else {
                    b.append(String.format("\\x%02x", (int) c));
                }
            }
        }
        return b == null ? s : b.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
