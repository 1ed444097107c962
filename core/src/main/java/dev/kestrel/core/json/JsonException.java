package dev.kestrel.core.json;

/** Text that is not valid JSON; carries the 1-based column (and line) of the problem. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final boolean nestingLimit;

    public JsonException(String message, int line, int column) {
        this(message, line, column, false);
    }

    /** An error at this place; {@code nestingLimit} when the text nests deeper than the reader's limit. */
    public JsonException(String message, int line, int column, boolean nestingLimit) {
        super(message);
        this.line = line;
        this.column = column;
        this.nestingLimit = nestingLimit;
    }

    /** True when the text is refused because it nests arrays and objects deeper than the limit. */
    public boolean nestingLimit() {
        return nestingLimit;
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
