package dev.kestrel.cli;

import dev.kestrel.core.text.BoundedLines;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of the batch modes' standard input, each at most {@link #MAX_LINE_BYTES}: a longer one is passed
 * over without being held ({@link BoundedLines}), so one endless line cannot fill the heap. Not thread-safe.
 */
final class InputLines {

    /** The longest line read, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final BoundedLines lines;

    InputLines(InputStream in) {
        this.lines = new BoundedLines(in, MAX_LINE_BYTES);
    }

    /** The next line, or null at the end of the input. */
    BoundedLines.Line next() throws IOException {
        return lines.next();
    }

    /** The sentence for a line too long to read. */
    static String tooLongReason(BoundedLines.Line line) {
        return "the line has " + line.bytes() + " bytes, more than the " + MAX_LINE_BYTES + " a line may have; not read";
    }
}
