package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Position;

/**
 * A condition that does not follow the grammar. Unchecked, because callers usually turn it into
 * their own diagnostic: {@link #reason()} is the sentence for the user and {@link #position()} says
 * where in the condition text the problem was found (1-based line and column).
 */
public final class ConditionSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient Position position;

    public ConditionSyntaxException(String reason, Position position) {
        super(reason + " (line " + position.line() + ", column " + position.column() + ")");
        this.reason = reason;
        this.position = position;
    }

    /** What is wrong, in plain words and without the position, e.g. "expected a ')' token". */
    public String reason() {
        return reason;
    }

    /** Where the problem was found in the condition text. */
    public Position position() {
        return position;
    }
}
