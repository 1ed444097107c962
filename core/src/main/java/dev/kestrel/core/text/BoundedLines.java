package dev.kestrel.core.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a byte stream, each at most {@code maxBytes}: a longer one is passed over up to its newline
 * without being held, and only its length is kept, so one endless line cannot fill the heap. UTF-8 (a byte
 * that is not reads as U+FFFD); {@code \n} or {@code \r\n} ends a line. Not thread-safe.
 */
public final class BoundedLines {

    /** One line: its text, or null when it was longer than the limit; its length in bytes either way. */
    public record Line(String text, long bytes) {

        /** Whether the line was longer than the limit (and so not read). */
        public boolean tooLong() {
            return text == null;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos;
    private int limit;

    /** Lines of {@code in}, each kept only when it has at most {@code maxBytes} bytes. */
    public BoundedLines(InputStream in, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The most bytes a line read whole may have. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The next line without its end, or null at the end of the stream. */
    public Line next() throws IOException {
        line.reset();
        long bytes = 0;
        boolean ended = false;
        while (!ended) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (bytes == 0) {
                        return null;
                    }
                    break;
                }
            }
            int end = pos;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int n = end - pos;
            // keep only what fits: a longer line is counted, never held
            if (bytes < maxBytes) {
                line.write(buffer, pos, (int) Math.min(n, maxBytes - bytes));
            }
            bytes += n;
            ended = end < limit;
            pos = ended ? end + 1 : end;
            if (ended && bytes == 0) {
                return new Line("", 0);
            }
        }
        if (bytes > maxBytes) {
            return new Line(null, bytes);
        }
        byte[] text = line.toByteArray();
        int n = text.length > 0 && text[text.length - 1] == '\r' ? text.length - 1 : text.length;
        return new Line(new String(text, 0, n, StandardCharsets.UTF_8), bytes);
    }
}
