package dev.kestrel.sensor.scap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one metadata block body in order, checking every read against the end of the
 * body (or of the current entry): a short or corrupt body ends in a {@link BadBlock} naming the field,
 * never in reading the next block's bytes.
 */
final class BlockCursor {

    /** A block body that does not hold what its type promises; the message names what was wrong. */
    static final class BadBlock extends Exception {
        private static final long serialVersionUID = 1L;

        BadBlock(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] buf;
    private int pos;
    private int end;

    BlockCursor(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    /** Narrows the readable range to {@code newEnd} (an entry inside the block); returns the old end. */
    int limit(int newEnd) throws BadBlock {
        if (newEnd > end || newEnd < pos) {
            throw new BadBlock("an entry's length runs past the end of the block");
        }
        int old = end;
        end = newEnd;
        return old;
    }

    void restoreLimit(int oldEnd) {
        end = oldEnd;
    }

    void seek(int position) {
        pos = position;
    }

    private void need(int n, String what) throws BadBlock {
        if (n < 0 || end - pos < n) {
            throw new BadBlock("the block ends inside " + what + " (needs " + n + " bytes, " + (end - pos) + " left)");
        }
    }

    int u8(String what) throws BadBlock {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int u16(String what) throws BadBlock {
        need(2, what);
        int v = LittleEndian.u16(buf, pos);
        pos += 2;
        return v;
    }

    long u32(String what) throws BadBlock {
        need(4, what);
        long v = LittleEndian.u32(buf, pos);
        pos += 4;
        return v;
    }

    long i64(String what) throws BadBlock {
        need(8, what);
        long v = LittleEndian.i64(buf, pos);
        pos += 8;
        return v;
    }

    byte[] bytes(int n, String what) throws BadBlock {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(int n, String what) throws BadBlock {
        need(n, what);
        pos += n;
    }

    /**
     * A string written as a 16-bit length and that many bytes (no terminator, or a terminator that is
     * dropped), at most {@code max} bytes as libscap allows.
     */
    String string16(int max, String what) throws BadBlock {
        int len = u16(what + " length");
        if (len > max) {
            throw new BadBlock(what + " is " + len + " bytes long, more than the " + max + " libscap allows");
        }
        need(len, what);
        String s = text(buf, pos, len);
        pos += len;
        return s;
    }

    /** A 16-bit-length list of NUL-separated strings (arguments, environment, cgroups). */
    List<String> list16(int max, String what) throws BadBlock {
        int len = u16(what + " length");
        if (len > max) {
            throw new BadBlock(what + " is " + len + " bytes long, more than the " + max + " libscap allows");
        }
        need(len, what);
        List<String> list = nulSeparated(buf, pos, len);
        pos += len;
        return list;
    }

    /** Bytes as text up to the first NUL (UTF-8, malformed bytes replaced). */
    static String text(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    /** NUL-separated strings; a final terminator does not add an empty entry. */
    static List<String> nulSeparated(byte[] b, int off, int len) {
        List<String> out = new ArrayList<>();
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < end) {
            out.add(new String(b, start, end - start, StandardCharsets.UTF_8));
        }
        return out;
    }
}
