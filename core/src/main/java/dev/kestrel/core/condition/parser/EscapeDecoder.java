package dev.kestrel.core.condition.parser;

/**
 * Decodes the inside of a quoted string: {@code \b \f \n \r \t \\ \/}, {@code \xHH} (one
 * character U+0000..U+00FF), the delimiting quote itself, and the legacy backslash-blank which
 * stands for a single backslash. Every other escape is an error.
 */
final class EscapeDecoder {

    private final String text;
    private final LineMap lines;

    EscapeDecoder(String text, LineMap lines) {
        this.text = text;
        this.lines = lines;
    }

    /** Decodes {@code text[from, to)}, the characters between the quotes {@code delimiter}. */
    String decode(int from, int to, char delimiter) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= to) {
                throw error(i, "a quoted string cannot end with a lone '\\'");
            }
            i = decodeEscape(i, to, delimiter, out);
        }
        return out.toString();
    }

    /** Appends the character of the escape starting at {@code backslash}; returns the next index. */
    private int decodeEscape(int backslash, int to, char delimiter, StringBuilder out) {
        char c = text.charAt(backslash + 1);
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case '\\', ' ' -> out.append('\\');
            case '/' -> out.append('/');
            case '"', '\'' -> {
                if (c != delimiter) {
                    throw error(backslash, "invalid escape '\\" + c + "' in a " + delimiter
                            + "-quoted string; only \\" + delimiter + " can be escaped there");
                }
                out.append(c);
            }
            case 'x' -> {
                return decodeHex(backslash, to, out);
            }
            default -> throw error(backslash, "invalid escape '\\" + c
                    + "'; use one of \\b \\f \\n \\r \\t \\\\ \\/ \\xHH or an escaped quote");
        }
        return backslash + 2;
    }

    private int decodeHex(int backslash, int to, StringBuilder out) {
        int high = backslash + 2 < to ? hexValue(text.charAt(backslash + 2)) : -1;
        int low = backslash + 3 < to ? hexValue(text.charAt(backslash + 3)) : -1;
        if (high < 0 || low < 0) {
            String shown = text.substring(backslash, Math.min(to, backslash + 4));
            throw error(backslash, "invalid escape '" + shown + "'; \\x needs exactly two hex digits");
        }
        out.append((char) (high * 16 + low));
        return backslash + 4;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private ConditionSyntaxException error(int offset, String reason) {
        return new ConditionSyntaxException(reason, lines.position(offset));
    }
}
