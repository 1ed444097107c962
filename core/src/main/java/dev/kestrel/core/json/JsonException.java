package dev.kestrel.core.json;

/** Text that is not valid JSON; carries the 1-based column (and line) of the problem. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public JsonException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    @Override
    public String toString() {
        return line + ":" + column + ": " + getMessage();
    }
}
