package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.ParamKind;
import java.nio.charset.StandardCharsets;

/** How both event decoders read a parameter given as text, and cut long strings. Stateless. */
final class ParamText {

    private ParamText() {
    }

    /**
     * The number a numeric parameter of {@code kind} written as {@code s} stands for: octal for a mode,
     * {@code 0x} hex or decimal otherwise.
     *
     * @throws NumberFormatException when {@code s} is not such a number
     */
    static long number(ParamKind kind, String s) {
        if (kind == ParamKind.MODE) {
            return Long.parseLong(s, 8);
        }
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseLong(t);
    }

    /** Where to end {@code b[start, end)} (valid UTF-8) so it keeps at most {@code maxBytes} bytes and whole characters. */
    static int cutEnd(byte[] b, int start, int end, int maxBytes) {
        if (end - start <= maxBytes) {
            return end;
        }
        int cut = start + maxBytes;
        while (cut > start && (b[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    /** {@code s} cut to at most {@code maxBytes} bytes of UTF-8 and whole characters (itself when it fits). */
    static String cut(String s, int maxBytes) {
        if (s.length() * 3L <= maxBytes) {
            return s;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int end = cutEnd(b, 0, b.length, maxBytes);
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
