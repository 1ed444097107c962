package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.FdSnapshot;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.FdScanLimits;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc bootstrap's fds: read with their process, written right after it, and seen by rules on the first event. */
class BootstrapFdsTest {

    private static final String RULES = """
            - rule: Open
              desc: a file opened
              condition: evt.type = openat and evt.failed = false
              output: open fd=%fd.num name=%fd.name type=%fd.type proc=%proc.name parent=%proc.pname
              priority: NOTICE
            - rule: Close
              desc: an fd closed
              condition: evt.type = close
              output: close fd=%fd.num name=%fd.name type=%fd.type l4=%fd.l4proto sport=%fd.sport
              priority: NOTICE
            """;

    private static final long O_DIRECTORY = 0200000;
    private static final long O_CLOEXEC = 02000000;

    @TempDir
    Path proc;

    private static ProcEntry process(long pid, long ppid, String comm) {
        return new ProcEntry(pid, ppid, comm, "/usr/bin/" + comm, List.of(comm), "/", 0, pid, pid, ProcStatus.ofIds(0, 0), -1,
                List.of("0::/"), CgroupContainerId.fromPath("/"), 1_000_000_000L, List.of(pid), false, false);
    }

    private static SensorRecord.Call call(String syscall, long ts, long pid, long ret, long[] numbers, String... strings) {
        return new SensorRecord.Call(SyscallProbes.BY_SYSCALL.get(syscall), ts, pid, pid, ret, numbers, strings, 0);
    }

    private static List<Alert> evaluate(SensorRecord... records) {
        CollectingSink sink = new CollectingSink("test");
        try (Kestrel kestrel = Kestrel.builder().rulesText("test.yaml", RULES)
                .ruleMatching(RuleMatching.ALL).sink(sink).build()) {
            EventWriter writer = new EventWriter(0, new CgroupNames(10, 1 << 20), "", null, Path.of("/nonexistent"));
            for (SensorRecord r : records) {
                writer.write(r, kestrel::process);
            }
        }
        return sink.alerts();
    }

    /** The alert's text after its time and priority. */
    private static String text(Alert a) {
        String o = a.output();
        return o.substring(o.indexOf(' ', o.indexOf(": ") + 2) + 1);
    }

    @Test
    void aSnapshotsFdsAreWrittenRightAfterItsProcessWithItsStartTime() {
        FdSnapshot etc = new FdSnapshot(60, 3, "directory", "/etc", O_DIRECTORY, 11, null, null);
        FdSnapshot log = new FdSnapshot(60, 4, "file", "/var/log/app.log", 02001, 12, null, null);
        List<String> written = new ArrayList<>();
        EventWriter writer = new EventWriter(0, new CgroupNames(10, 1 << 20), "", null, proc);
        writer.write(new SensorRecord.Snapshot(process(60, 1, "app"), List.of(etc, log)), (Event e) -> written.add(
                e.type() + " " + e.timestampNanos() + " " + e.pid() + (e.fdSnapshot() == null ? "" : " " + e.fdSnapshot().name())));
        assertThat(written).containsExactly(
                EventType.PROCESS_SNAPSHOT + " 1000000000 60",
                EventType.FD_SNAPSHOT + " 1000000000 60 /etc",
                EventType.FD_SNAPSHOT + " 1000000000 60 /var/log/app.log");
    }

    @Test
    void theFirstEventOnABootstrappedFdHasItsName() {
        SensorRecord.Snapshot init = new SensorRecord.Snapshot(process(1, 0, "init"));
        SensorRecord.Snapshot app = new SensorRecord.Snapshot(process(70, 1, "app"), List.of(
                new FdSnapshot(70, 3, "directory", "/etc", O_DIRECTORY | O_CLOEXEC, 11, null, null),
                new FdSnapshot(70, 4, "file", "/var/log/app.log", 02001, 12, null, null),
                // a connection this process made: /proc gives the local end first, which is then the client
                new FdSnapshot(70, 5, "ipv4", "10.0.0.5:51000->10.0.0.9:443", 0, 13,
                        "10.0.0.5:51000->10.0.0.9:443", "tcp")));
        List<Alert> alerts = evaluate(init, app,
                call("openat", 2_000_000_000L, 70, 6, new long[] {3, 0, 0}, "shadow"),
                call("close", 2_000_000_001L, 70, 0, new long[] {4}),
                call("close", 2_000_000_002L, 70, 0, new long[] {5}));
        assertThat(alerts).extracting(BootstrapFdsTest::text).containsExactly(
                "open fd=6 name=/etc/shadow type=file proc=app parent=init",
                "close fd=4 name=/var/log/app.log type=file l4=<NA> sport=<NA>",
                "close fd=5 name=10.0.0.5:51000->10.0.0.9:443 type=ipv4 l4=tcp sport=443");
    }

    @Test
    void withoutTheSnapshotsFdsTheSameEventsHaveNoName() {
        List<Alert> alerts = evaluate(new SensorRecord.Snapshot(process(70, 1, "app")),
                call("openat", 2_000_000_000L, 70, 6, new long[] {3, 0, 0}, "shadow"),
                call("close", 2_000_000_001L, 70, 0, new long[] {4}));
        assertThat(alerts).extracting(BootstrapFdsTest::text).containsExactly(
                "open fd=6 name=shadow type=file proc=app parent=<NA>",
                "close fd=4 name=<NA> type=<NA> l4=<NA> sport=<NA>");
    }

    @Test
    void theBootstrapReadsEachProcessWithItsFdsAndCountsWhatItLeftOut() throws IOException {
        write("stat", "btime 1700000000\n");
        stat(1, "init", 0);
        stat(80, "app", 1);
        fd(80, 0, "pipe:[700]");
        fd(80, 1, "pipe:[701]");
        fd(80, 2, "pipe:[702]");
        fd(1, 0, "anon_inode:[eventpoll]");
        Files.createDirectories(proc.resolve("81"));

        ProcBootstrap bootstrap = new ProcBootstrap(proc, new FdScanLimits(2, 100, 1_000), 4096);

        assertThat(bootstrap.snapshots()).extracting(SensorRecord::pid).containsExactly(1L, 80L);
        assertThat(bootstrap.snapshots().get(0).fds()).containsExactly(new FdSnapshot(1, 0, "eventpoll", "", 0, 0, null, null));
        assertThat(bootstrap.snapshots().get(1).fds()).hasSize(2).allSatisfy(f -> {
            assertThat(f.pid()).isEqualTo(80);
            assertThat(f.type()).isEqualTo("pipe");
        });
        assertThat(bootstrap.skipped()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "fds not bootstrapped: over 2 fds per process", 1L,
                "processes gone while the /proc bootstrap read them", 1L));
    }

    @Test
    void aSnapshotsBytesGrowWithItsFds() {
        SensorRecord.Snapshot none = new SensorRecord.Snapshot(process(90, 1, "app"));
        String path = "/var/lib/" + "x".repeat(100);
        SensorRecord.Snapshot two = new SensorRecord.Snapshot(process(90, 1, "app"), List.of(
                new FdSnapshot(90, 3, "file", path, 0, 1, null, null),
                new FdSnapshot(90, 4, "ipv4", "1.2.3.4:5->6.7.8.9:10", 0, 2, "1.2.3.4:5->6.7.8.9:10", "tcp")));
        assertThat(two.bytes() - none.bytes()).as("two records, at two bytes a character of their strings")
                .isGreaterThanOrEqualTo(2 * 80 + 2L * (path.length() + 4 + 4 + 2 * 21 + 3));
        SensorRecord.Snapshot same = new SensorRecord.Snapshot(process(90, 1, "app"), List.of(
                new FdSnapshot(90, 3, "file", path, 0, 1, null, null),
                new FdSnapshot(90, 4, "ipv4", "1.2.3.4:5->6.7.8.9:10", 0, 2, "1.2.3.4:5->6.7.8.9:10", "tcp")));
        assertThat(two.bytes()).as("an estimate from the contents alone").isEqualTo(same.bytes());
    }

    private void stat(long pid, String comm, long ppid) throws IOException {
        write(pid + "/stat", pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n");
    }

    private void fd(long pid, long fd, String target) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.createSymbolicLink(dir.resolve(Long.toString(fd)), Path.of(target));
    }

    private void write(String relative, String content) throws IOException {
        Path file = proc.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
