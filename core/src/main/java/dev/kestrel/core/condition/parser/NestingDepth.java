package dev.kestrel.core.condition.parser;

/**
 * Counts how deep the parser has descended and stops it with a syntax error past the limit. As in
 * Falco, a level is one step of the recursive descent, not one pair of parentheses: a parenthesized
 * group costs five levels, so the default limit of 1000 admits about 200 nested groups, as Falco
 * does, and keeps the Java stack small.
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
