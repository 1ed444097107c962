package dev.kestrel.sensor.ebpf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the {@code |}-separated fields of one printed line, read straight from the bytes
 * bpftrace wrote: numbers are parsed in place and only text fields become strings. Reused for
 * every line (no allocation per field but the strings). Not thread-safe.
 */
final class LineFields {

    private byte[] bytes;
    private int pos;
    private int end;

    /** Points the cursor at {@code bytes[from, to)}. */
    LineFields reset(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
        return this;
    }

    /** The byte at the cursor, or -1 at the end of the line. */
    int peek() {
        return pos < end ? bytes[pos] : -1;
    }

    /** Skips one field (up to and including its {@code |}). */
    LineFields skip() {
        while (pos < end && bytes[pos] != '|') {
            pos++;
        }
        pos = Math.min(end, pos + 1);
        return this;
    }

    /**
     * The next field as a signed decimal number (bpftrace prints 64-bit unsigned values above
     * {@link Long#MAX_VALUE} as their two's complement).
     *
     * @throws NumberFormatException when the field is empty or not a number
     */
    long number() {
        int i = pos;
        boolean negative = i < end && bytes[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long v = 0;
        while (i < end && bytes[i] != '|') {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException("not a number at byte " + i);
            }
            v = v * 10 + d;
            i++;
        }
        if (i == start || i - start > 20) {
            throw new NumberFormatException("empty or overlong number");
        }
        pos = Math.min(end, i + 1);
        return negative ? -v : v;
    }

    /** The next field as text (up to the next {@code |}). */
    String text() {
        int i = pos;
        while (i < end && bytes[i] != '|') {
            i++;
        }
        String s = new String(bytes, pos, i - pos, StandardCharsets.UTF_8);
        pos = Math.min(end, i + 1);
        return s;
    }

    /** Everything from the cursor to the end of the line as text (a last field may contain {@code |}). */
    String rest() {
        String s = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }

    /** Bytes from the cursor to the end of the line. */
    int remaining() {
        return end - pos;
    }

    /** Whether the next field equals {@code ascii}; the cursor does not move. */
    boolean nextIs(byte[] ascii) {
        int n = ascii.length;
        if (pos + n > end || (pos + n < end && bytes[pos + n] != '|')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[pos + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next field's bytes copied, up to the next {@code |}. */
    byte[] rawField() {
        int i = pos;
        while (i < end && bytes[i] != '|') {
            i++;
        }
        byte[] out = Arrays.copyOfRange(bytes, pos, i);
        pos = Math.min(end, i + 1);
        return out;
    }

    /** The bytes from the cursor to the end of the line, copied. */
    byte[] rawRest() {
        byte[] out = Arrays.copyOfRange(bytes, pos, end);
        pos = end;
        return out;
    }
}
