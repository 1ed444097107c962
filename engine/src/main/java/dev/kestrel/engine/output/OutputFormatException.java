package dev.kestrel.engine.output;

/** An output format that cannot be compiled; {@code column} is the 1-based position in the output text. */
public final class OutputFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int column;

    public OutputFormatException(String message, int column) {
        super(message);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
