package dev.kestrel.core.condition.ast;

/**
 * Where a node starts in the condition text: 0-based offset, 1-based line and column.
 * Positions are informative only: {@link Expr#equals} ignores them.
 */
public record Position(int offset, int line, int column) {
    /** The position of synthetic nodes that have no source text. */
    public static final Position NONE = new Position(-1, 0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
