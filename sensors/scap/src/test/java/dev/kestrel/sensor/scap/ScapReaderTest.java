package dev.kestrel.sensor.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.FdSnapshot;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import dev.kestrel.sensor.scap.testing.CaptureWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScapReaderTest {

    static final byte[] HOST = {10, 0, 0, 5};
    static final byte[] CLIENT = {(byte) 192, (byte) 168, 1, 7};

    @TempDir
    Path dir;

    static CaptureWriter.Proc bash(long pid) {
        return new CaptureWriter.Proc(pid, pid, 1, "bash", "/bin/bash", "/usr/bin/bash", List.of("-l"), "/root",
                0, 0, List.of("HOME=/root"), List.of("cpuset=/docker/" + "ab".repeat(32)), 1000, 34816, pid, pid, pid);
    }

    static List<Event> readAll(ScapReader r) throws IOException {
        List<Event> events = new ArrayList<>();
        Event e = new Event();
        while (r.next(e)) {
            events.add(copy(e));
            e = new Event();
        }
        return events;
    }

    private static Event copy(Event e) {
        return e; // each call uses a fresh Event, so the one filled is kept as is
    }

    static ScapReader open(byte[] capture) throws IOException {
        return ScapReader.open("test.scap", new ByteArrayInputStream(capture), ScapLimits.DEFAULTS);
    }

    @Test
    void readsTheSharedNodeCaptureWithSysdigsNumbering() throws IOException {
        Path file = SharedFiles.sharedFile("captures/node-50k.scap");
        try (ScapReader r = ScapReader.open(file)) {
            List<Event> all = readAll(r);
            ScapCounters c = r.counters();
            assertThat(c.skipped()).isEmpty();
            assertThat(c.events()).isEqualTo(50_397);
            assertThat(c.records()).isEqualTo(155);
            assertThat(c.interfaces()).isEqualTo(3);
            assertThat(r.hostname()).isEqualTo("bench-host");
            Event first = all.stream().filter(e -> !e.type().internal()).findFirst().orElseThrow();
            assertThat(first.sequence()).isEqualTo(4);
            assertThat(first.type()).isEqualTo(EventType.ACCEPT);
            assertThat(first.isEnter()).isTrue();
            assertThat(all.stream().filter(e -> e.type() == EventType.CONTAINER_METADATA).map(Event::sequence))
                    .containsExactly(1L, 2L, 3L);
            Event last = all.get(all.size() - 1);
            assertThat(last.sequence()).isEqualTo(50_400);
        }
    }

    @Test
    void gzipIsReadTransparentlyAndRecognisedByContent() throws IOException {
        CaptureWriter w = sample();
        Path plain = w.write(dir.resolve("plain.bin"), false);
        Path gz = w.write(dir.resolve("capture.data"), true);
        assertThat(ScapReader.isCapture(plain)).isTrue();
        assertThat(ScapReader.isCapture(gz)).isTrue();
        Path text = Files.writeString(dir.resolve("events.scap"), "{\"ts\": 1}\n");
        assertThat(ScapReader.isCapture(text)).isFalse();
        try (ScapReader a = ScapReader.open(plain); ScapReader b = ScapReader.open(gz)) {
            assertThat(readAll(b).stream().map(Event::toString))
                    .containsExactlyElementsOf(readAll(a).stream().map(Event::toString).toList());
        }
    }

    static CaptureWriter sample() {
        return new CaptureWriter().machine("box").interfaces()
                .users(true, List.<Object[]>of(new Object[] {1000L, 1000L, "alice", "/home/alice", "/bin/bash"}),
                        List.<Object[]>of(new Object[] {1000L, "alice"}))
                .processes(9, List.of(bash(100)))
                .fds(100, true, List.of(CaptureWriter.FdEntry.file(3, 2 | 4, "/var/log/app.log"),
                        CaptureWriter.FdEntry.ipv4(4, CLIENT, 50000, HOST, 22),
                        CaptureWriter.FdEntry.listening(5, new byte[4], 8080)))
                .event(BlockTypes.EVENTS_V2, 10, 100, 306, -100L, "/etc/shadow", 1L | 4096L, 0L)
                .event(BlockTypes.EVENTS_V2, 11, 100, 307, 6L, -100L, "/etc/shadow", 1L | 4096L, 0L, 0x803L)
                .event(BlockTypes.EVENTS_V2, 12, 100, 6, 6L, 4096L)
                .event(BlockTypes.EVENTS_V2, 13, 100, 7, 100L, "hello".getBytes())
                .event(BlockTypes.EVENTS_FLAGS_V2, 14, 100, 8, 3L, 5L)
                .event(BlockTypes.EVENTS_FLAGS_V2, 15, 100, 9, 5L, "12345".getBytes());
    }

    @Test
    void metadataBecomesRecordsAndEventsCarryDecodedParameters() throws IOException {
        try (ScapReader r = open(sample().toBytes())) {
            List<Event> all = readAll(r);
            assertThat(all).extracting(Event::type).containsExactly(EventType.USER_METADATA,
                    EventType.GROUP_METADATA, EventType.PROCESS_SNAPSHOT, EventType.FD_SNAPSHOT,
                    EventType.FD_SNAPSHOT, EventType.FD_SNAPSHOT, EventType.OPENAT, EventType.OPENAT,
                    EventType.READ, EventType.READ, EventType.WRITE, EventType.WRITE);
            ProcessSnapshot p = all.get(2).process();
            assertThat(p.comm()).isEqualTo("bash");
            assertThat(p.exePath()).isEqualTo("/usr/bin/bash");
            assertThat(p.args()).containsExactly("-l");
            assertThat(p.containerId()).isEqualTo("abababababab");
            assertThat(p.loginUid()).isEqualTo(1000);
            FdSnapshot file = all.get(3).fdSnapshot();
            assertThat(file.name()).isEqualTo("/var/log/app.log");
            assertThat(file.openFlags()).isEqualTo(01 | 0100); // O_WRONLY|O_CREAT in Linux numbers
            assertThat(all.get(4).fdSnapshot().tuple()).isEqualTo("192.168.1.7:50000->10.0.0.5:22");
            assertThat(all.get(5).fdSnapshot().tuple()).isEqualTo("0.0.0.0:8080");
            Event enter = all.get(6);
            assertThat(enter.isEnter()).isTrue();
            assertThat(enter.sequence()).isEqualTo(1);
            Event exit = all.get(7);
            assertThat(exit.isEnter()).isFalse();
            assertThat(exit.returnValue()).isEqualTo(6);
            assertThat(exit.text(EventType.OPENAT.slot("name"))).isEqualTo("/etc/shadow");
            assertThat(exit.render(EventType.OPENAT.slot("flags"))).isEqualTo("O_RDONLY|O_CLOEXEC");
            Event readExit = all.get(9);
            assertThat(readExit.returnValue()).isEqualTo(100);
            assertThat(readExit.number(EventType.READ.slot("fd"), -1)).as("fd taken from the enter").isEqualTo(6);
            assertThat(readExit.text(EventType.READ.slot("data"))).isEqualTo("hello");
            assertThat(all.get(11).sequence()).isEqualTo(6);
            assertThat(r.hostname()).isEqualTo("box");
            assertThat(r.counters().interfaces()).isEqualTo(1);
        }
    }

    @Test
    void theStateKnowsTheListedFdsAndTheEnterHalfChangesNothing() throws IOException {
        SystemState state = SystemState.create();
        StateContext ctx = null;
        try (ScapReader r = open(sample().toBytes())) {
            Event e = new Event();
            List<String> seen = new ArrayList<>();
            while (r.next(e)) {
                ctx = state.apply(e);
                if (e.type() == EventType.WRITE && e.isEnter()) {
                    seen.add(ctx.fd() == null ? "none" : ctx.fd().name());
                    assertThat(ctx.eventNum()).isEqualTo(5);
                }
            }
            assertThat(seen).containsExactly("/var/log/app.log");
        }
        assertThat(ctx.process().comm()).isEqualTo("bash");
        assertThat(state.threads().process(100).fds().get(4).name()).isEqualTo("192.168.1.7:50000->10.0.0.5:22");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyProcessListVersionIsRead(int version) throws IOException {
        byte[] capture = new CaptureWriter().processes(version, List.of(bash(42))).toBytes();
        try (ScapReader r = open(capture)) {
            List<Event> all = readAll(r);
            assertThat(all).hasSize(1);
            ProcessSnapshot p = all.get(0).process();
            assertThat(p.pid()).isEqualTo(42);
            assertThat(p.comm()).isEqualTo("bash");
            assertThat(p.exe()).isEqualTo("/bin/bash");
            assertThat(p.args()).containsExactly("-l");
            assertThat(p.cwd()).isEqualTo("/root");
            assertThat(p.exePath()).isEqualTo(version >= 7 ? "/usr/bin/bash" : null);
            assertThat(p.env()).isEqualTo(version >= 3 ? List.of("HOME=/root") : List.of());
            assertThat(p.containerId()).isEqualTo(version >= 4 ? "abababababab" : null);
            assertThat(p.sid()).isEqualTo(version >= 6 ? 42 : -1);
            assertThat(p.vpgid()).isEqualTo(version >= 8 ? 42 : -1);
            assertThat(p.loginUid()).isEqualTo(version >= 9 ? 1000 : -1);
        }
    }

    @Test
    void processEntriesOfLibs010AndLaterCarryTtyAndProcessGroup() throws IOException {
        byte[] capture = new CaptureWriter().processes(9, List.of(bash(42)), true).toBytes();
        try (ScapReader r = open(capture)) {
            ProcessSnapshot p = readAll(r).get(0).process();
            assertThat(p.tty()).isEqualTo(34816);
            assertThat(p.loginUid()).isEqualTo(1000);
            assertThat(p.pgid()).isEqualTo(42);
            assertThat(p.capEffective()).isEqualTo("CAP_SYS_ADMIN");
            assertThat(p.capPermitted()).as("an empty set, not an unknown one").isEmpty();
            assertThat(p.capInheritable()).isEmpty();
        }
    }

    @Test
    void fdAndUserListsWithoutEntryLengthsAreRead() throws IOException {
        byte[] capture = new CaptureWriter()
                .users(false, List.<Object[]>of(new Object[] {0L, 0L, "root", "/root", "/bin/sh"}), List.of())
                .fds(7, false, List.of(CaptureWriter.FdEntry.named(1, 1, "/dev/null"))).toBytes();
        try (ScapReader r = open(capture)) {
            List<Event> all = readAll(r);
            assertThat(all.get(0).user().name()).isEqualTo("root");
            assertThat(all.get(1).fdSnapshot()).isEqualTo(new FdSnapshot(7, 1, "file", "/dev/null", 0, 1001, null, null));
        }
    }

    @Test
    void eventsOfBlocksBeforeV2FindTheirParameterCountFromTheirLength() throws IOException {
        byte[] capture = new CaptureWriter()
                .event(BlockTypes.EVENTS, 1, 9, 307, 3L, -100L, "/tmp/x", 2L | 4L, 0644L)
                .event(BlockTypes.EVENTS_FLAGS, 2, 9, 5, 0L).toBytes();
        try (ScapReader r = open(capture)) {
            List<Event> all = readAll(r);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).text(EventType.OPENAT.slot("name"))).isEqualTo("/tmp/x");
            assertThat(all.get(0).number(EventType.OPENAT.slot("mode"), -1)).isEqualTo(0644);
            assertThat(all.get(0).number(EventType.OPENAT.slot("flags"), -1)).isEqualTo(01 | 0100);
            assertThat(all.get(1).type()).isEqualTo(EventType.CLOSE);
        }
    }

    @Test
    void largeEventBlocksAndContainerEventsAreRead() throws IOException {
        String json = "{\"container\":{\"id\":\"3ad7b26ded6d\",\"name\":\"web\",\"image\":\"nginx:1.21\","
                + "\"imagerepo\":\"nginx\",\"imagetag\":\"1.21\",\"privileged\":true,\"type\":0,\"labels\":{\"a\":\"b\"}}}";
        byte[] capture = new CaptureWriter().event(BlockTypes.EVENTS_V2_LARGE, 5, -1, 324, json)
                .event(BlockTypes.EVENTS_FLAGS_V2_LARGE, 6, 9, 4, 3L).toBytes();
        try (ScapReader r = open(capture)) {
            List<Event> all = readAll(r);
            assertThat(all.get(0).type()).isEqualTo(EventType.CONTAINER_METADATA);
            assertThat(all.get(0).sequence()).isEqualTo(1);
            assertThat(all.get(0).container().name()).isEqualTo("web");
            assertThat(all.get(0).container().type()).isEqualTo("docker");
            assertThat(all.get(0).container().privileged()).isTrue();
            assertThat(all.get(1).sequence()).isEqualTo(2);
        }
    }

    @Test
    void anEventCodeWithoutAKestrelTypeIsCountedAndSkipped() throws IOException {
        byte[] capture = new CaptureWriter()
                .event(BlockTypes.EVENTS_V2, 1, 9, 354, 5L, 5L, "u", "/", "/bin/sh", "")
                .rawBlock(BlockTypes.EVENTS_V2, unknownCode())
                .event(BlockTypes.EVENTS_V2, 3, 9, 4, 3L).toBytes();
        try (ScapReader r = open(capture)) {
            List<Event> all = readAll(r);
            assertThat(all).extracting(Event::type).containsExactly(EventType.CLOSE);
            assertThat(all.get(0).sequence()).isEqualTo(2);
            assertThat(r.counters().skipped()).containsOnlyKeys(
                    "event 'useradded' (code 354, enter): no Kestrel event type of that name",
                    "event code 9999: not in libscap's event table as Kestrel carries it");
        }
    }

    private static byte[] unknownCode() {
        return new CaptureWriter.Body().u16(0).i64(2).i64(9).u32(26).u16(9999).u32(0).toBytes();
    }

    @Test
    void aTruncatedCaptureDeliversEveryEventBeforeTheCutThenNamesTheBlockAndOffset() throws IOException {
        byte[] full = sample().toBytes();
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        List<Event> got = new ArrayList<>();
        try (ScapReader r = open(cut)) {
            assertThatThrownBy(() -> {
                Event e = new Event();
                while (r.next(e)) {
                    got.add(e);
                    e = new Event();
                }
            }).isInstanceOf(ScapFormatException.class)
                    .hasMessageContaining("event with flags V2 (0x217) at byte ")
                    .hasMessageContaining("the capture ends inside the block")
                    .satisfies(t -> assertThat(((ScapFormatException) t).offset()).isLessThan(cut.length));
        }
        assertThat(got).hasSize(11);
    }

    @Test
    void aCutGzipCaptureEndsWithASentenceSayingWhere() throws IOException {
        Path gz = sample().write(dir.resolve("whole.scap.gz"), true);
        byte[] whole = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.scap.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        try (ScapReader r = ScapReader.open(cut)) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(ScapFormatException.class)
                    .hasMessageContaining("the gzip-compressed capture is cut or damaged after")
                    .hasMessageContaining("bytes of capture");
        }
    }

    @Test
    void aBigEndianCaptureIsRecognisedAndRefusedWithASentence() throws IOException {
        byte[] capture = sample().toBytes();
        // the section header's length and byte-order magic as a big-endian writer puts them (the type reads the same)
        for (int field : new int[] {4, 8}) {
            for (int i = 0; i < 2; i++) {
                byte t = capture[field + i];
                capture[field + i] = capture[field + 3 - i];
                capture[field + 3 - i] = t;
            }
        }
        Path file = Files.write(dir.resolve("be.scap"), capture);
        assertThat(ScapReader.isCapture(file)).isTrue();
        try (ScapReader r = ScapReader.open(file)) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(ScapFormatException.class)
                    .hasMessageContaining("big-endian");
        }
    }

    @Test
    void aCorruptLengthIsNeverAllocatedAndEndsWithAClearError() throws IOException {
        byte[] good = sample().toBytes();
        CaptureWriter.Body bad = new CaptureWriter.Body().u32(BlockTypes.EVENTS_V2).u32(0xFFFFFFF0L).u32(0);
        byte[] capture = concat(good, bad.toBytes());
        try (ScapReader r = ScapReader.open("bad.scap", new ByteArrayInputStream(capture),
                ScapLimits.DEFAULTS.withMaxBlockBytes(1 << 20))) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(ScapFormatException.class)
                    .hasMessageContaining("more than the 1048576-byte limit")
                    .hasMessageContaining("event V2 (0x216) at byte " + good.length);
            assertThat(r.counters().events()).isEqualTo(6);
        }
    }

    @Test
    void aBlockOverTheLimitIsSkippedAndCounted() throws IOException {
        byte[] capture = new CaptureWriter().rawBlock(0x999, new byte[4096]).event(BlockTypes.EVENTS_V2, 1, 9, 4, 3L)
                .toBytes();
        try (ScapReader r = ScapReader.open("x", new ByteArrayInputStream(capture),
                ScapLimits.DEFAULTS.withMaxBlockBytes(1024))) {
            assertThat(readAll(r)).hasSize(1);
            assertThat(r.counters().skipped()).containsEntry("block over the 1024-byte limit: unknown block (0x999)", 1L);
        }
    }

    @Test
    void aWrongClosingLengthIsAnError() throws IOException {
        byte[] capture = sample().toBytes();
        capture[capture.length - 1] ^= 0x7f;
        try (ScapReader r = open(capture)) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(ScapFormatException.class)
                    .hasMessageContaining("closing length");
        }
    }

    @Test
    void somethingElseIsNotACapture() throws IOException {
        try (ScapReader r = open("{\"ts\": 1, \"type\": \"openat\"}\n".getBytes())) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(ScapFormatException.class)
                    .hasMessage("test.scap: not a libscap capture (it does not start with a section header block)");
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
