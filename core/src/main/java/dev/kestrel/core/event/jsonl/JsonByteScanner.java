package dev.kestrel.core.event.jsonl;

/**
 * A position in one line of UTF-8 JSON, with the scanning steps {@link StreamingLineDecoder} is built
 * from: plain strings, integers, the literals and whole values of the simple kinds. Each step answers
 * false, without a reason, where the plain decoder would have to explain something. Not thread-safe.
 *
 * <p>The fields are the scanner's state, read directly by the decoder: {@link #b} the line's bytes,
 * {@link #p} the position, {@link #end} the line's end; after {@link #plainString} the content in
 * {@link #strStart}..{@link #strEnd}, after {@link #integer} the value in {@link #number}. The decoder
 * extends this class rather than holding one, so the hot loop reads its own fields (a held scanner
 * measured 7 to 13% slower in {@code ReplayBenchmark.decode}).
 */
class JsonByteScanner {

    byte[] b;
    int p;
    int end;
    long number;
    int strStart;
    int strEnd;

    /** Points the cursor at {@code bytes[from, to)}; {@code bytes} null lets go of the last line. */
    void reset(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.p = from;
        this.end = to;
    }

    /** True when the byte at the position is {@code c}. */
    boolean at(char c) {
        return p < end && b[p] == c;
    }

    /** Moves past {@code c} at the position; false, without moving, when another byte is there. */
    boolean expect(char c) {
        if (p >= end || b[p] != c) {
            return false;
        }
        p++;
        return true;
    }

    /** Moves past JSON whitespace. */
    void blanks() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            p++;
        }
    }

    /**
     * Reads a string without escapes or control characters at {@link #p}, leaving its content in
     * {@link #strStart}..{@link #strEnd}; false for anything else.
     */
    boolean plainString() {
        if (p >= end || b[p] != '"') {
            return false;
        }
        int i = p + 1;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                strStart = p + 1;
                strEnd = i;
                p = i + 1;
                return true;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return false;
            }
            i++;
        }
        return false;
    }

    /**
     * Reads an integer at {@link #p} into {@link #number} as the plain decoder reads it; false for a
     * fraction, an exponent, a number beyond 64 bits or no digits (the plain decoder explains those).
     */
    boolean integer() {
        int start = p;
        if (!skipInteger()) {
            return false;
        }
        return decimal(start, p);
    }

    /** Passes over what {@link #integer} would read, computing the value only when it might not fit in a long. */
    boolean skipInteger() {
        int i = p;
        if (i < end && b[i] == '-') {
            i++;
        }
        int digitsAt = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - digitsAt;
        if (digits == 0 || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || b[i] == '+' || b[i] == '-'))) {
            return false;
        }
        if (digits >= 19 && !decimal(p, i)) {
            return false;
        }
        p = i;
        return true;
    }

    /**
     * Reads {@code b[from, to)}, an optional minus and 1 to 19 digits, into {@link #number}; false
     * when it does not fit in a long (the plain decoder explains that).
     */
    boolean decimal(int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        int digits = to - i;
        if (digits < 1 || digits > 19) {
            return false;
        }
        if (digits < 19) {
            long v = 0;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                v = v * 10 + d;
            }
            number = negative ? -v : v;
            return true;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < multmin) {
                return false;
            }
            v *= 10;
            if (v < limit + d) {
                return false;
            }
            v -= d;
        }
        number = negative ? v : -v;
        return true;
    }

    /** Moves past the literal {@code w} (ASCII) at the position; false, without moving, when it is not there. */
    boolean word(String w) {
        int n = w.length();
        if (end - p < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != w.charAt(k)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    /** Checks the shape of an object of plain keys whose values {@link #skipValue} takes, without decoding them. */
    boolean skipObject() {
        if (!expect('{')) {
            return false;
        }
        blanks();
        if (expect('}')) {
            return true;
        }
        while (true) {
            blanks();
            if (!plainString()) {
                return false;
            }
            blanks();
            if (!expect(':')) {
                return false;
            }
            blanks();
            if (!skipValue()) {
                return false;
            }
            blanks();
            if (p >= end) {
                return false;
            }
            byte c = b[p++];
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** Passes over a plain string, an integer, true, false, null or an array of plain strings and integers. */
    boolean skipValue() {
        if (p >= end) {
            return false;
        }
        byte c = b[p];
        if (c == '"') {
            return plainString();
        }
        if (c == '[') {
            p++;
            blanks();
            if (expect(']')) {
                return true;
            }
            while (true) {
                blanks();
                if (p >= end) {
                    return false;
                }
                if (b[p] == '"' ? !plainString() : !skipInteger()) {
                    return false;
                }
                blanks();
                if (p >= end) {
                    return false;
                }
                byte d = b[p++];
                if (d == ']') {
                    return true;
                }
                if (d != ',') {
                    return false;
                }
            }
        }
        if (c == 't') {
            return word("true");
        }
        if (c == 'f') {
            return word("false");
        }
        if (c == 'n') {
            return word("null");
        }
        return skipInteger();
    }
}
