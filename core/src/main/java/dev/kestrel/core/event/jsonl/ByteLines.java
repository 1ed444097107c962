package dev.kestrel.core.event.jsonl;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines the way {@link java.io.BufferedReader#readLine} does ({@code \n},
 * {@code \r} or {@code \r\n} end a line; a last line without an end counts), without making a string.
 * A line longer than the limit is passed over without being kept: only its length is counted, so
 * memory stays within the limit whatever the input. Not thread-safe.
 */
final class ByteLines {

    private static final int INITIAL = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LF_BYTES = ONES * '\n';
    private static final long CR_BYTES = ONES * '\r';

    /** Non-zero when some byte of {@code w} is zero (for words whose bytes are all below 0x80). */
    private static long hasByte(long w) {
        return (w - ONES) & ~w & HIGH;
    }

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLf;

    private int lineStart;
    private int lineEnd;
    private long tooLongBytes;
    private boolean ascii;

    ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[(int) Math.min(INITIAL, maxLineBytes + 1L)];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        tooLongBytes = -1;
        int scan = pos;
        int acc = 0;
        while (true) {
            if (skipLf) {
                if (scan == limit && !fill()) {
                    return false;
                }
                scan = pos;
                if (buf[pos] == '\n') {
                    pos++;
                    scan = pos;
                }
                skipLf = false;
            }
            byte[] b = buf;
            int end = limit;
            int i = scan;
            // Eight bytes at a time while none is a line end or non-ASCII, then byte by byte.
            while (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                if (((w & HIGH) | hasByte(w ^ LF_BYTES) | hasByte(w ^ CR_BYTES)) != 0) {
                    break;
                }
                i += 8;
            }
            while (i < end) {
                byte c = b[i];
                if (c == '\n' || c == '\r') {
                    break;
                }
                acc |= c;
                i++;
            }
            if (i < end) {
                lineStart = pos;
                lineEnd = i;
                ascii = acc >= 0;
                pos = i + 1;
                if (b[i] == '\r') {
                    skipLf = true;
                }
                return true;
            }
            if (i - pos > maxLineBytes) {
                return skipLongLine(i - pos);
            }
            scan = i - pos;
            if (!fill()) {
                if (limit > pos) {
                    lineStart = pos;
                    lineEnd = limit;
                    ascii = acc >= 0;
                    pos = limit;
                    return true;
                }
                return false;
            }
            scan += pos;
        }
    }

    /**
     * Reads more bytes after the unread part (moved to the front, the buffer grown up to the limit);
     * false at the end of the stream. Keeps {@link #pos} pointing at the unread part.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, maxLineBytes + 1L));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Passes over the rest of a line that is already longer than the limit, counting its bytes. */
    private boolean skipLongLine(long seen) throws IOException {
        long length = seen;
        pos = limit;
        while (true) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
                int n = eof ? -1 : in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                limit = n;
            }
            int i = pos;
            while (i < limit && buf[i] != '\n' && buf[i] != '\r') {
                i++;
            }
            length += i - pos;
            if (i < limit) {
                skipLf = buf[i] == '\r';
                pos = i + 1;
                break;
            }
            pos = limit;
        }
        tooLongBytes = length;
        lineStart = 0;
        lineEnd = 0;
        ascii = true;
        return true;
    }

    /** The bytes of the current line: {@link #start()} to {@link #end()}. */
    byte[] bytes() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    /** True when the current line has only ASCII bytes (no UTF-8 check needed). */
    boolean ascii() {
        return ascii;
    }

    /** The length of the current line when it was too long to keep (its bytes are gone), else -1. */
    long tooLongBytes() {
        return tooLongBytes;
    }

    /** The buffer's size now, for tests that check memory stays bounded. */
    int bufferSize() {
        return buf.length;
    }
}
