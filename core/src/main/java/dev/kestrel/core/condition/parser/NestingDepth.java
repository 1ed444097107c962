package dev.kestrel.core.condition.parser;

/**
 * Counts how deep the parser has descended and stops it with a syntax error past the limit. As in
 * Falco, a level is one step of the recursive descent (every recursive parser method counts one),
 * not one pair of parentheses: a parenthesized group costs five levels and a transformer call three,
 * so the default limit of 1000 admits about 200 nested groups, as Falco does, and the Java stack
 * never holds more than about that many parser frames.
 */
final class NestingDepth {

    private final int max;
    private final ConditionLexer lexer;
    private int current;

    NestingDepth(int max, ConditionLexer lexer) {
        this.max = max;
        this.lexer = lexer;
    }

    void enter() {
        current++;
        if (current > max) {
            throw lexer.error("expression nesting deeper than " + max + " levels");
        }
    }

    void leave() {
        current--;
    }
}
