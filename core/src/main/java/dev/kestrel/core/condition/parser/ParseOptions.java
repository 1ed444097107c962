package dev.kestrel.core.condition.parser;

/**
 * Settings of {@link ConditionParser}. {@code maxDepth} bounds how deeply parentheses and
 * transformer calls may nest, so hostile input fails with a syntax error instead of exhausting
 * the stack. At the default limit the parser needs less than 512 KB of thread stack (Java's
 * default is 1 MB); lower the limit for threads with smaller stacks.
 */
public record ParseOptions(int maxDepth) {

    /** The nesting limit Falco uses for rule conditions. */
    public static final int DEFAULT_MAX_DEPTH = 1000;

    /** The options Falco uses for rules files. */
    public static final ParseOptions DEFAULTS = new ParseOptions(DEFAULT_MAX_DEPTH);

    public ParseOptions {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
    }
}
