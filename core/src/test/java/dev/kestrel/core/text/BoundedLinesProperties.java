package dev.kestrel.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BoundedLinesProperties {

    /** Reads all of {@code bytes} in chunks of at most {@code chunk} bytes (a pipe hands over what it has). */
    private static List<String> read(byte[] bytes, int maxBytes, int chunk) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        BoundedLines lines = new BoundedLines(in, maxBytes);
        List<String> out = new ArrayList<>();
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l.tooLong() ? "<" + l.bytes() + " bytes>" : l.text());
        }
        return out;
    }

    /** What the lines are, split the simple way: each line whole, or its length when it is over the limit. */
    private static List<String> expected(String text, int maxBytes) {
        List<String> out = new ArrayList<>();
        String[] parts = text.split("\n", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.isEmpty()) {
                break;  // the text ended with a line end
            }
            int n = p.getBytes(StandardCharsets.UTF_8).length;
            String t = p.endsWith("\r") ? p.substring(0, p.length() - 1) : p;
            out.add(n > maxBytes ? "<" + n + " bytes>" : t);
        }
        return out;
    }

    @Property(tries = 500)
    void linesAreThoseOfASimpleSplitWhateverTheChunksAndTheLimit(@ForAll("texts") String text,
            @ForAll("limits") int maxBytes, @ForAll("chunks") int chunk) throws IOException {
        assertThat(read(text.getBytes(StandardCharsets.UTF_8), maxBytes, chunk)).isEqualTo(expected(text, maxBytes));
    }

    @Test
    void aLineFarLongerThanTheLimitIsPassedOverAndTheNextIsRead() throws IOException {
        byte[] huge = ("x".repeat(5_000_000) + "\nafter\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(read(huge, 1 << 16, 1 << 16)).containsExactly("<5000000 bytes>", "after");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab\n\ré").ofMaxLength(60);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(1, 12);
    }

    @Provide
    Arbitrary<Integer> chunks() {
        return Arbitraries.integers().between(1, 7);
    }
}
