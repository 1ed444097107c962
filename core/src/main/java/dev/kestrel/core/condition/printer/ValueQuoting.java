package dev.kestrel.core.condition.printer;

import dev.kestrel.core.condition.parser.ConditionSyntax;

/**
 * Decides how a string is written back into a condition: bare when the lexer reads it back as the
 * same text and a reader is not misled, otherwise double-quoted with escapes.
 */
final class ValueQuoting {

    private ValueQuoting() {
    }

    /** A right-hand value or list item. */
    static String value(String text) {
        return canBeBareValue(text) ? text : quoted(text);
    }

    /** A number when it reads as one, otherwise a quoted string. */
    static String numberOrQuoted(String text) {
        return ConditionSyntax.isNumber(text) ? text : quoted(text);
    }

    /** The text between the brackets of {@code field[argument]}. */
    static String argument(String text) {
        return canBeBareArgument(text) ? text : quoted(text);
    }

    /**
     * {@code text} in double quotes. The last backslash is written {@code \x5c}, because Falco's lexer
     * never ends a string at a quote that directly follows a backslash, even an escaped one.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean last = i == text.length() - 1;
            switch (c) {
                case '\\' -> out.append(last ? "\\x5c" : "\\\\");
                case '"' -> out.append("\\\"");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean canBeBareValue(String text) {
        if (text.isEmpty() || ConditionSyntax.isReservedWord(text)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!ConditionSyntax.isBareStringChar(c) || isControl(c) || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean canBeBareArgument(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!ConditionSyntax.isBareArgumentChar(c) || isControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** C0 and C1 control characters and DEL; {@code \xHH} covers them all. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
