package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever bytes arrive (invalid UTF-8, lines over the limit, JSON nested thousands deep, stray
 * {@code \r}), every line is accounted for (events + field values + skipped + ignored = lines, the
 * lines BufferedReader would count) and the reader never holds more than the line limit.
 */
class HostileStreamProperties {

    private static final int LIMIT = 256;

    @Provide
    Arbitrary<byte[]> hostileStreams() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("\n", "\r", "\r\n", "\n\n", "é", "\u20ac").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF8, 0x41}, new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arbitraries.of("{\"type\": \"close\", \"tid\": 1, \"args\": {\"fd\": 3}}",
                        "{\"ts\": 9, \"type\": \"openat\", \"tid\": 2, \"ret\": 4, \"args\": {\"name\": \"/etc/\"}}",
                        "{\"fields\": {\"proc.name\": \"x\"}}", "# comment", "{\"snapshot\": {\"pid\": 3}}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(LIMIT - 2, LIMIT * 3).map(n -> "x".repeat(n).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(10, 3000).map(n -> ("{\"type\": \"close\", \"tid\": 1, \"args\": " + "[".repeat(n))
                        .getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(10, 3000).map(n -> "{\"a\":".repeat(n).getBytes(StandardCharsets.UTF_8)));
        return piece.list().ofMaxSize(30).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 300)
    void everyLineIsCountedOnceAndMemoryStaysWithinTheLimit(@ForAll("hostileStreams") byte[] stream,
                                                            @ForAll @IntRange(min = 1, max = 97) int chunk) throws IOException {
        List<String> expectedLines = readLines(stream);
        EventJsonReader.Result r = new EventJsonReader(LIMIT, 64, EventJsonReader.DEFAULT_MAX_JSON_DEPTH)
                .read(new Trickle(stream, chunk), new EventJsonReader.Handler() {
                    @Override
                    public void event(Event event, long line) {
                    }

                    @Override
                    public void fieldValues(Map<String, Object> fields, long line) {
                    }
                });
        assertThat(r.lines()).isEqualTo(expectedLines.size());
        assertThat(r.events() + r.fieldValueEvents() + r.skipped() + r.ignored()).isEqualTo(r.lines());
        long tooLong = expectedLines.stream().filter(l -> l.length() > LIMIT).count();
        assertThat(r.skippedLines().stream().filter(s -> s.reason().contains("longer than the limit")).count())
                .isEqualTo(Math.min(tooLong, EventJsonReader.MAX_REASONS));
    }

    @Property(tries = 300)
    void linesAreSplitAsBufferedReaderSplitsThemWithinTheLimit(@ForAll("hostileStreams") byte[] stream,
                                                               @ForAll @IntRange(min = 1, max = 97) int chunk) throws IOException {
        List<String> expected = readLines(stream);
        ByteLines lines = new ByteLines(new Trickle(stream, chunk), LIMIT);
        List<String> actual = new ArrayList<>();
        while (lines.next()) {
            assertThat(lines.bufferSize()).isLessThanOrEqualTo(LIMIT + 1);
            if (lines.tooLongBytes() >= 0) {
                actual.add("too long " + lines.tooLongBytes());
            } else {
                actual.add(new String(lines.bytes(), lines.start(), lines.end() - lines.start(), StandardCharsets.ISO_8859_1));
            }
        }
        List<String> want = expected.stream().map(l -> l.length() > LIMIT ? "too long " + l.length() : l).toList();
        assertThat(actual).isEqualTo(want);
    }

    /** The lines as BufferedReader splits them, one char per byte. */
    private static List<String> readLines(byte[] stream) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(stream), StandardCharsets.ISO_8859_1));
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    /** Hands out at most {@code chunk} bytes per read, as a pipe does. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        Trickle(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
