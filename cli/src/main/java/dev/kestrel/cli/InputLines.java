package dev.kestrel.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of the batch modes' standard input, each at most {@link #MAX_LINE_BYTES}: a longer one is passed
 * over up to its newline without being held, and only its length is kept, so one endless line cannot fill the
 * heap. UTF-8, a byte that is not read as U+FFFD (the line is then not the JSON asked for). Not thread-safe.
 */
final class InputLines {

    /** The longest line read, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;

    /** One line: its text, or null when it was longer than the limit, with its length in bytes. */
    record Line(String text, long bytes) {

        boolean tooLong() {
            return text == null;
        }

        /** The sentence for a line too long to read. */
        String tooLongReason() {
            return "the line has " + bytes + " bytes, more than the " + MAX_LINE_BYTES + " a line may have; not read";
        }
    }

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    InputLines(InputStream in) {
        this.in = new BufferedInputStream(in, 64 * 1024);
    }

    /** The next line without its end ({@code \n} or {@code \r\n}), or null at the end of the input. */
    Line next() throws IOException {
        line.reset();
        long bytes = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (bytes++ < MAX_LINE_BYTES) {
                line.write(b);
            }
        }
        if (b < 0 && bytes == 0) {
            return null;
        }
        if (bytes > MAX_LINE_BYTES) {
            return new Line(null, bytes);
        }
        byte[] text = line.toByteArray();
        int n = text.length > 0 && text[text.length - 1] == '\r' ? text.length - 1 : text.length;
        return new Line(new String(text, 0, n, StandardCharsets.UTF_8), bytes);
    }
}
