package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Position;

/**
 * Reads the tokens of a condition on demand. Falco's grammar is context-sensitive (the same text
 * is a bare string in one place and an identifier in another), so the parser asks for the token
 * kind it expects; each {@code accept...} method consumes it and returns its text, or returns
 * null/false and consumes nothing. Blanks are skipped only when the parser asks.
 */
final class ConditionLexer {

    private final String text;
    private final LineMap lines;
    private final EscapeDecoder escapes;
    private int offset;
    private String lastToken = "";

    ConditionLexer(String text) {
        this.text = text;
        this.lines = new LineMap(text);
        this.escapes = new EscapeDecoder(text, lines);
    }

    boolean atEnd() {
        return offset >= text.length();
    }

    /** The current offset, to come back to with {@link #reset} after a failed look-ahead. */
    int mark() {
        return offset;
    }

    void reset(int mark) {
        offset = mark;
    }

    Position position() {
        return lines.position(offset);
    }

    /** The raw text of the last token consumed, for messages such as "unexpected token after 'x'". */
    String lastToken() {
        return lastToken;
    }

    /** A syntax error at the current position. */
    ConditionSyntaxException error(String reason) {
        return new ConditionSyntaxException(reason, position());
    }

    /** Skips blanks; true if there was at least one. */
    boolean skipBlanks() {
        int start = offset;
        while (offset < text.length() && ConditionSyntax.isBlank(text.charAt(offset))) {
            offset++;
        }
        return offset > start;
    }

    boolean lookingAt(String literal) {
        return text.startsWith(literal, offset);
    }

    /** Consumes {@code literal} if the text continues with it. */
    boolean accept(String literal) {
        if (!lookingAt(literal)) {
            return false;
        }
        consume(literal.length());
        return true;
    }

    /** Consumes {@code word} if it is followed by a blank (the blank stays for {@link #skipBlanks}). */
    boolean acceptFollowedByBlank(String word) {
        int after = offset + word.length();
        if (!lookingAt(word) || after >= text.length() || !ConditionSyntax.isBlank(text.charAt(after))) {
            return false;
        }
        consume(word.length());
        return true;
    }

    /** True when an identifier starts here (nothing is consumed). */
    boolean lookingAtIdentifier() {
        return ConditionSyntax.identifierLength(text, offset) > 0;
    }

    /** True when {@code and}, {@code or} or {@code not} starts here, not followed by a letter or digit. */
    boolean lookingAtBooleanKeyword() {
        for (String keyword : new String[] {"and", "or", "not"}) {
            int after = offset + keyword.length();
            if (lookingAt(keyword) && (after >= text.length() || !isAsciiAlnum(text.charAt(after)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    String acceptIdentifier() {
        return consumeOrNull(ConditionSyntax.identifierLength(text, offset));
    }

    String acceptFieldName() {
        return consumeOrNull(ConditionSyntax.fieldNameLength(text, offset));
    }

    String acceptNumber() {
        return consumeOrNull(ConditionSyntax.numberLength(text, offset));
    }

    String acceptBareString() {
        return consumeOrNull(runLength(true));
    }

    /** A bare field argument: the {@code app} of {@code k8s.pod.label[app]}. */
    String acceptBareArgument() {
        return consumeOrNull(runLength(false));
    }

    /**
     * A {@code "..."} or {@code '...'} string, decoded. Like Falco, the string ends at the first
     * delimiter that does not directly follow a backslash, even an escaped one: {@code "C:\\"} does
     * not end at its last quote.
     */
    String acceptQuotedString() {
        if (atEnd() || (text.charAt(offset) != '"' && text.charAt(offset) != '\'')) {
            return null;
        }
        char delimiter = text.charAt(offset);
        int close = offset + 1;
        while (close < text.length() && !(text.charAt(close) == delimiter && text.charAt(close - 1) != '\\')) {
            close++;
        }
        if (close >= text.length()) {
            throw error("unterminated quoted string");
        }
        String decoded = escapes.decode(offset + 1, close, delimiter);
        consume(close + 1 - offset);
        return decoded;
    }

    private int runLength(boolean bareString) {
        int end = offset;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (bareString ? !ConditionSyntax.isBareStringChar(c) : !ConditionSyntax.isBareArgumentChar(c)) {
                break;
            }
            end++;
        }
        return end - offset;
    }

    private String consumeOrNull(int length) {
        return length == 0 ? null : consume(length);
    }

    private String consume(int length) {
        lastToken = text.substring(offset, offset + length);
        offset += length;
        return lastToken;
    }
}
