package dev.kestrel.sensor.strace;

import java.util.List;

/**
 * Splits strace's argument text at top-level commas. Strings ({@code "a, b"} with backslash escapes),
 * comments ({@code /* 35 vars *&#47;}), brackets, braces, parentheses and {@code -y} annotations
 * ({@code 3</etc/x>}, {@code 4<TCP:[1.2.3.4:5->6.7.8.9:10]>}, {@code 1</dev/null<char 1:3>>}) are
 * kept whole. Inside an annotation only a nested {@code <}, a {@code :[} and their closers count,
 * so a path with parentheses or commas stays one piece. strace escapes an annotation's path as it does a
 * string ({@code \"}, {@code \74} for {@code <}, {@code \76} for {@code >}), but leaves {@code :[} as it
 * is: inside an annotation a backslash escapes the next character, a quote starts no string, and
 * {@code :[} opens a bracket only in an annotation that is not a path ({@code TCP:[...]},
 * {@code pipe:[...]}), never in one that starts with {@code /}.
 */
final class ArgumentSplitter {

    /** Deepest nesting accepted; deeper text is reported as unbalanced rather than risking the stack. */
    private static final int MAX_DEPTH = 256;

    private ArgumentSplitter() {
    }

    /**
     * Adds the arguments of {@code text} (the text after the call's opening parenthesis) to
     * {@code out} and returns the index of the closing parenthesis, or -1 when there is none.
     */
    static int split(String text, List<String> out) {
        char[] closers = new char[MAX_DEPTH];
        boolean[] paths = new boolean[MAX_DEPTH];
        int depth = 0;
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean inAngle = depth > 0 && closers[depth - 1] == '>';
            if (inAngle && c == '\\') {
                i++;
                continue;
            }
            if (c == '"' && !inAngle) {
                i = skipString(text, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (!inAngle && c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
                continue;
            }
            char closer = opener(text, i, inAngle, inAngle && paths[depth - 1]);
            if (closer != 0) {
                if (depth == MAX_DEPTH) {
                    return -1;
                }
                paths[depth] = closer == '>' && i + 1 < n && text.charAt(i + 1) == '/';
                closers[depth++] = closer;
                continue;
            }
            if (depth > 0) {
                if (c == closers[depth - 1]) {
                    depth--;
                }
                continue;
            }
            if (c == ',') {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            } else if (c == ')') {
                String last = text.substring(start, i).trim();
                if (!last.isEmpty() || !out.isEmpty()) {
                    out.add(last);
                }
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the {@code >} closing the annotation opened at {@code open}, or -1. As in {@link #split}, a
     * backslash escapes the next character and {@code :[} opens a bracket only outside a path.
     */
    static int matchingAngle(String text, int open) {
        int depth = 0;
        boolean bracket = false;
        boolean path = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (bracket) {
                bracket = c != ']';
            } else if (c == '[' && !path && i > 0 && text.charAt(i - 1) == ':') {
                bracket = true;
            } else if (c == '<') {
                depth++;
                path = i + 1 < text.length() && text.charAt(i + 1) == '/';
            } else if (c == '>' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The closer that the character at {@code i} opens, or 0 when it opens nothing ({@code inPath}: in a path's annotation). */
    private static char opener(String text, int i, boolean inAngle, boolean inPath) {
        char c = text.charAt(i);
        char before = i > 0 ? text.charAt(i - 1) : ' ';
        if (c == '<' && (Character.isLetterOrDigit(before) || before == '_' || before == '>' || before == ']')) {
            return '>';
        }
        if (inAngle) {
            return c == '[' && before == ':' && !inPath ? ']' : 0;
        }
        return switch (c) {
            case '(' -> ')';
            case '[' -> ']';
            case '{' -> '}';
            default -> 0;
        };
    }

    /** From the opening quote at {@code i}, the index of the closing quote, or -1. */
    static int skipString(String text, int i) {
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j;
            }
        }
        return -1;
    }
}
