package dev.kestrel.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into plain Java values: {@code Map<String,Object>} (insertion ordered),
 * {@code List<Object>}, String, Long (integers that fit), Double (other numbers), Boolean and null.
 * Nesting is limited so hostile input cannot exhaust the stack. A key given twice in one object is an error,
 * not a silent choice of one value.
 */
public final class JsonReader {

    /** Deepest nesting of arrays and objects accepted unless the caller says otherwise. */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private final int maxDepth;
    private int pos;
    private int depth;

    private JsonReader(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value that must make up the whole text (blanks around it are fine). */
    public static Object parse(String text) throws JsonException {
        return parse(text, MAX_DEPTH);
    }

    /** Like {@link #parse(String)}, accepting arrays and objects nested at most {@code maxDepth} deep. */
    public static Object parse(String text, int maxDepth) throws JsonException {
        JsonReader r = new JsonReader(text, maxDepth);
        r.skipBlanks();
        Object value = r.readValue();
        r.skipBlanks();
        if (r.pos < text.length()) {
            throw r.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** Parses a JSON object; anything else is an error. */
    public static Map<String, Object> parseObject(String text) throws JsonException {
        return parseObject(text, MAX_DEPTH);
    }

    /** Parses a JSON object nested at most {@code maxDepth} deep; anything else is an error. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, int maxDepth) throws JsonException {
        Object value = parse(text, maxDepth);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object", 1, 1);
        }
        return (Map<String, Object>) value;
    }

    private Object readValue() throws JsonException {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expecting a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                return readWord("true", Boolean.TRUE);
            case 'f':
                return readWord("false", Boolean.FALSE);
            case 'n':
                return readWord("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> readObject() throws JsonException {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipBlanks();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipBlanks();
            if (peek() != '"') {
                throw error("expecting a quoted object key");
            }
            int keyAt = pos;
            String key = readString();
            if (map.containsKey(key)) {
                // as with YAML: two readers could keep different values, so the text is refused
                pos = keyAt;
                throw error("the key \"" + key + "\" is given twice in one object");
            }
            skipBlanks();
            expect(':');
            skipBlanks();
            map.put(key, readValue());
            skipBlanks();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expecting ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray() throws JsonException {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipBlanks();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipBlanks();
            list.add(readValue());
            skipBlanks();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expecting ',' or ']' in array");
            }
        }
    }

    private String readString() throws JsonException {
        int start = ++pos;
        StringBuilder sb = null;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character in string (escape it)");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                pos++;
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(pos);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 >= text.length()) {
                            throw error("truncated \\u escape");
                        }
                        int code = 0;
                        for (int i = 1; i <= 4; i++) {
                            char h = text.charAt(pos + i);
                            // ASCII hex only: Character.digit also takes other scripts' digits
                            int d = h < 0x80 ? Character.digit(h, 16) : -1;
                            if (d < 0) {
                                throw error("invalid \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        sb.append((char) code);
                        pos += 4;
                    }
                    default -> throw error("invalid escape '\\" + e + "'");
                }
                pos++;
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private Object readNumber() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        boolean integral = true;
        int digits = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && pos > start)) {
                integral = false;
            } else {
                break;
            }
            pos++;
        }
        String num = text.substring(start, pos);
        if (digits == 0) {
            throw error("invalid number '" + num + "'");
        }
        try {
            if (integral) {
                try {
                    return Long.parseLong(num);
                } catch (NumberFormatException tooBig) {
                    return Double.parseDouble(num);
                }
            }
            return Double.parseDouble(num);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("invalid number '" + num + "'");
        }
    }

    private Object readWord(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word, expecting " + word);
        }
        pos += word.length();
        return value;
    }

    private void enter() throws JsonException {
        if (++depth > maxDepth) {
            throw error("JSON nested deeper than " + maxDepth + " levels", true);
        }
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expecting '" + c + "'");
        }
        pos++;
    }

    private char peek() throws JsonException {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String message) {
        return error(message, false);
    }

    private JsonException error(String message, boolean nestingLimit) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new JsonException(message, line, col, nestingLimit);
    }
}
