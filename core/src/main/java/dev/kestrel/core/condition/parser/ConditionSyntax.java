package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operator;
import java.util.HashSet;
import java.util.Set;

/**
 * The character classes and reserved words of Falco's condition language, shared by the lexer
 * and by the printer (which must know what it can write without quotes).
 */
public final class ConditionSyntax {

    private static final Set<String> RESERVED_WORDS = reservedWords();

    private ConditionSyntax() {
    }

    /** Blanks separate tokens: space, tab, backspace, carriage return and line feed. */
    public static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
    }

    /** A character that may appear in a bare (unquoted) string value or list element. */
    public static boolean isBareStringChar(char c) {
        return !isBlank(c) && c != '(' && c != ')' && c != ',' && c != '=' && c != '"' && c != '\'';
    }

    /** A character that may appear in a bare field argument, between {@code [} and {@code ]}. */
    public static boolean isBareArgumentChar(char c) {
        return !isBlank(c) && c != '[' && c != ']' && c != '"' && c != '\'';
    }

    /** An identifier (macro or list name): a letter, then letters, digits or underscores. */
    public static boolean isIdentifier(String text) {
        return !text.isEmpty() && identifierLength(text, 0) == text.length();
    }

    /** A field name: two or more identifier-like segments joined by dots ({@code proc.name}). */
    public static boolean isFieldName(String text) {
        return !text.isEmpty() && fieldNameLength(text, 0) == text.length();
    }

    /** A whole number token as the grammar reads it after {@code <}, {@code >=} etc. */
    public static boolean isNumber(String text) {
        return !text.isEmpty() && numberLength(text, 0) == text.length();
    }

    /**
     * Words with a meaning in the grammar ({@code and}, {@code or}, {@code not}, operator and
     * modifier words). They are legal bare values, but the printer quotes them for readability.
     */
    public static boolean isReservedWord(String text) {
        return RESERVED_WORDS.contains(text);
    }

    /** Length of the identifier starting at {@code from}, or 0. */
    static int identifierLength(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && isAsciiLetter(text.charAt(i))) {
            i++;
        }
        if (i == from) {
            return 0;
        }
        while (i < text.length() && isIdentifierChar(text.charAt(i))) {
            i++;
        }
        return i - from;
    }

    /** Length of the field name starting at {@code from}, or 0 (a lone identifier is no field). */
    static int fieldNameLength(CharSequence text, int from) {
        int end = from + identifierLength(text, from);
        if (end == from) {
            return 0;
        }
        int segments = 1;
        while (end < text.length() && text.charAt(end) == '.') {
            int segment = identifierLength(text, end + 1);
            if (segment == 0) {
                break;
            }
            end += 1 + segment;
            segments++;
        }
        return segments >= 2 ? end - from : 0;
    }

    /**
     * Length of the number starting at {@code from}, or 0: hexadecimal {@code 0x...}, or an
     * optional sign, digits, an optional fraction and an optional signed exponent.
     */
    static int numberLength(CharSequence text, int from) {
        int hex = hexNumberLength(text, from);
        if (hex > 0) {
            return hex;
        }
        int i = from;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = skipDigits(text, i);
        if (digits == i) {
            return 0;
        }
        i = digits;
        if (i < text.length() && text.charAt(i) == '.') {
            i = skipDigits(text, i + 1);
        }
        if (i + 1 < text.length() && isExponentStart(text, i)) {
            int exponentDigits = skipDigits(text, i + 2);
            if (exponentDigits > i + 2) {
                i = exponentDigits;
            }
        }
        return i - from;
    }

    private static int hexNumberLength(CharSequence text, int from) {
        if (from + 2 >= text.length() || text.charAt(from) != '0'
                || (text.charAt(from + 1) != 'x' && text.charAt(from + 1) != 'X')) {
            return 0;
        }
        int i = from + 2;
        while (i < text.length() && isAsciiLetterOrDigit(text.charAt(i))) {
            i++;
        }
        return i > from + 2 ? i - from : 0;
    }

    private static boolean isExponentStart(CharSequence text, int i) {
        char e = text.charAt(i);
        char sign = text.charAt(i + 1);
        return (e == 'e' || e == 'E') && (sign == '+' || sign == '-');
    }

    private static int skipDigits(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static boolean isIdentifierChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_';
    }

    private static Set<String> reservedWords() {
        Set<String> words = new HashSet<>(Set.of("and", "or", "not", "exists"));
        for (Operator op : Operator.values()) {
            words.add(op.text());
        }
        for (Modifier m : Modifier.values()) {
            words.add(m.text());
        }
        return Set.copyOf(words);
    }
}
