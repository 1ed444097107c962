package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventReadLimitsTest {

    private static final String CLOSE = "{\"ts\": 1, \"type\": \"close\", \"tid\": 7, \"args\": {\"fd\": 3}}\n";

    @Test
    void aBadUtf8LineInAFileIsSkippedWithItsNumberAndTheRestIsRead(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= 20_000; i++) {
            if (i == 10_000) {
                out.writeBytes("{\"type\": \"openat\", \"tid\": 7, \"args\": {\"name\": \"/tmp/".getBytes(StandardCharsets.UTF_8));
                out.write(0xFF);
                out.writeBytes("\"}}\n".getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(CLOSE.getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, out.toByteArray());
        List<Long> seen = new ArrayList<>();
        EventJsonReader.Result r;
        try (InputStream in = Files.newInputStream(file)) {
            r = new EventJsonReader().read(in, handler(seen));
        }
        assertThat(r.lines()).isEqualTo(20_000);
        assertThat(r.events()).isEqualTo(19_999);
        assertThat(seen).hasSize(19_999).doesNotContain(10_000L).contains(20_000L);
        assertThat(r.skippedLines()).containsExactly(
                new EventJsonReader.Skipped(10_000, "not valid UTF-8 text: byte 53 of the line"));
    }

    @Test
    void aLineOverTheLimitIsSkippedWithoutBeingHeldWhole() throws IOException {
        long hugeLength = 200L * 1024 * 1024;
        InputStream huge = new InputStream() {
            long left = hugeLength;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
                stream(CLOSE), huge, stream("\n" + CLOSE))));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<Long> seen = new ArrayList<>();
        EventJsonReader.Result r = new EventJsonReader().read(in, handler(seen));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(seen).containsExactly(1L, 3L);
        assertThat(r.skippedLines()).containsExactly(new EventJsonReader.Skipped(2,
                "line of " + hugeLength + " bytes is longer than the limit of 1048576 bytes; skipped without reading it whole"));
        assertThat(allocated).as("bytes allocated to read a 200 MiB line").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void aLongStringParameterIsCutAtTheLimitAndMarked() throws IOException {
        String longName = "/tmp/" + "é".repeat(3000);
        String text = "{\"type\": \"openat\", \"tid\": 7, \"ret\": 3, \"args\": {\"name\": \"" + longName + "\"}}\n"
                + "{\"type\": \"execve\", \"tid\": 7, \"args\": {\"args\": [\"sh\", \"" + "a".repeat(5000) + "\"]}}\n";
        List<Event> events = new ArrayList<>();
        EventJsonReader.Result r = new EventJsonReader().read(stream(text), new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                Event copy = new Event();
                int name = EventType.OPENAT.slot("name");
                if (event.type() == EventType.OPENAT) {
                    copy.reset(EventType.OPENAT, 0, 7, 7, 3).setText(name, event.text(name));
                    if (event.isCut(name)) {
                        copy.markCut(name);
                    }
                } else {
                    int args = EventType.EXECVE.slot("args");
                    copy.reset(EventType.EXECVE, 0, 7, 7, 0).setList(args, event.list(args));
                    if (event.isCut(args)) {
                        copy.markCut(args);
                    }
                }
                events.add(copy);
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
            }
        });
        int name = EventType.OPENAT.slot("name");
        String kept = events.get(0).text(name);
        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSize(4095);
        assertThat(longName).startsWith(kept);
        assertThat(events.get(0).isCut(name)).isTrue();
        assertThat(events.get(0).toString()).endsWith("...");
        int args = EventType.EXECVE.slot("args");
        assertThat(events.get(1).list(args)).hasSize(2);
        assertThat(events.get(1).list(args).get(1)).hasSize(4096);
        assertThat(events.get(1).isCut(args)).isTrue();
        assertThat(r.cutStrings()).isEqualTo(2);
    }

    @Test
    void recordedSyscallLinesStayOnTheStreamingPath() throws IOException {
        String text = "{\"ts\":1767225600000514066,\"type\":\"openat\",\"tid\":476,\"pid\":425,\"ret\":105,\"args\":{\"fd\":105,"
                + "\"dirfd\":-100,\"name\":\"/var/log/app/476.log\",\"flags\":\"O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC\",\"mode\":0,"
                + "\"dev\":64769,\"ino\":101337}}\n"
                + "{\"ts\":1767225600000519968,\"type\":\"connect\",\"tid\":476,\"pid\":425,\"ret\":0,\"args\":{\"fd\":106,"
                + "\"tuple\":\"10.244.1.30:40476->10.244.1.20:3306\"}}\n"
                + "{\"ts\":9223372036854775807,\"type\":\"close\",\"tid\":1,\"ret\":-9,\"args\":{\"fd\":-9223372036854775807}}\n";
        EventJsonReader reader = new EventJsonReader();
        List<Long> seen = new ArrayList<>();
        reader.read(stream(text), handler(seen));
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(reader.passedOn()).isZero();
    }

    @Test
    void limitsOutOfTheirRangeAreRefusedByName() {
        assertThatThrownBy(() -> new EventJsonReader(0, 10, 512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLineBytes=0");
        assertThatThrownBy(() -> new EventJsonReader(10, -1, 512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStringBytes=-1");
        assertThatThrownBy(() -> new EventJsonReader(10, 10, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxJsonDepth must be between 4 and 1024, was 3");
        assertThatThrownBy(() -> new EventJsonReader(10, 10, 1025)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxJsonDepth must be between 4 and 1024, was 1025");
    }

    @Test
    void aLineNestedDeeperThanTheLimitIsSkippedWithItsNumberAndTheNextIsRead() throws IOException {
        String deep = "{\"fields\": {\"x\": " + "[".repeat(9) + "]".repeat(9) + "}}\n";
        List<Long> seen = new ArrayList<>();
        EventJsonReader.Result r = new EventJsonReader(1 << 20, 4096, 10).read(stream(CLOSE + deep + CLOSE), handler(seen));
        assertThat(seen).containsExactly(1L, 3L);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.skippedLines().get(0).line()).isEqualTo(2);
        assertThat(r.skippedLines().get(0).reason()).contains("JSON nested deeper than 10 levels");

        EventJsonReader.Result within = new EventJsonReader(1 << 20, 4096, 11).read(stream(CLOSE + deep), handler(new ArrayList<>()));
        assertThat(within.skipped()).isZero();
        assertThat(within.fieldValueEvents()).isEqualTo(1);
    }

    @Test
    void aLineAtTheLargestDepthLimitIsReadOnAThreadWithASmallStack() throws Exception {
        int depth = EventJsonReader.MAX_JSON_DEPTH;
        String line = "{\"fields\": {\"x\": " + "[".repeat(depth - 2) + "]".repeat(depth - 2) + "}}\n";
        EventJsonReader.Result[] result = new EventJsonReader.Result[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = new EventJsonReader(1 << 20, 4096, depth).read(stream(line + line.replaceFirst("\\[", "[[")),
                        handler(new ArrayList<>()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join(60_000);
        assertThat(result[0]).as("the read finished").isNotNull();
        assertThat(result[0].fieldValueEvents()).isEqualTo(1);
        assertThat(result[0].skippedLines()).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(2);
            assertThat(s.reason()).contains("JSON nested deeper than " + depth + " levels");
        });
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static EventJsonReader.Handler handler(List<Long> seen) {
        return new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                seen.add(line);
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
            }
        };
    }
}
