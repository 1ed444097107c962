package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.FdScanLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second read of /proc delivers only the processes born while the probes were attached that nothing named. */
class AttachGapTest {

    @TempDir
    Path proc;

    private void process(long pid, long ppid, String comm) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n");
        Files.writeString(dir.resolve("cmdline"), comm + "\0");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t" + pid + "\nNSpgid:\t" + pid + "\n");
        Files.writeString(dir.resolve("cgroup"), "0::/\n");
    }

    private List<SensorRecord.Snapshot> read() {
        return new ProcBootstrap(proc, FdScanLimits.DEFAULTS, 4096).snapshots();
    }

    @Test
    void aProcessBornWhileTheProbesWereAttachedThatNoRecordNamedIsDeliveredByTheSecondRead() throws Exception {
        process(1, 0, "init");
        process(100, 1, "nginx");
        AttachGap gap = new AttachGap();
        assertThat(gap.open()).as("no first read yet").isFalse();
        gap.bootstrapped(read());
        assertThat(gap.open()).isTrue();
        // while attaching: 200 forked before the fork program ran (a worker that never execs); 300 forked
        // and seen (its child-side report), 400 seen at its exec, 500 from its parent's report
        process(200, 100, "nginx");
        process(300, 100, "nginx");
        process(400, 1, "cron");
        process(500, 1, "sh");
        gap.note(new SensorRecord.Clone("clone", 10, 300, 300, 0, 0x11, 100));
        gap.note(new SensorRecord.Exec(20, 400, 400, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "cron",
                "/usr/sbin/cron", List.of("cron"), false, false, false));
        gap.note(new SensorRecord.Clone("clone", 30, 1, 1, 500, 0x11, 0));
        // a thread's report names no process: 101 is a thread of 100, and 201 a thread 200 started (both sides)
        gap.note(new SensorRecord.Clone("clone", 40, 100, 100, 101, SensorRecord.Clone.CLONE_THREAD, 0));
        gap.note(new SensorRecord.Clone("clone", 41, 200, 200, 201, SensorRecord.Clone.CLONE_THREAD, 100));
        gap.note(new SensorRecord.Clone("clone", 41, 201, 200, 0, SensorRecord.Clone.CLONE_THREAD, 100));
        // 600 ended while the probes attached, its parent has not reaped it yet (a zombie in /proc)
        process(600, 1, "worker");
        gap.note(new SensorRecord.Exit(50, 600, 600, 0, 0));
        assertThat(gap.unnamed(200)).isTrue();
        assertThat(gap.unnamed(300)).isFalse();
        List<SensorRecord.Snapshot> late = gap.close(new ProcBootstrap(proc, FdScanLimits.DEFAULTS, 4096, gap::unnamed).snapshots());
        assertThat(late).extracting(SensorRecord::pid).containsExactly(200L);
        assertThat(late.get(0).process().ppid()).isEqualTo(100);
        assertThat(gap.delivered()).isEqualTo(1);
        assertThat(gap.open()).isFalse();
        assertThat(gap.close(read())).as("closed: read once").isEmpty();
    }

    @Test
    void tooManyProcessesNamedBeforeTheProbesWereLiveGiveUpTheSecondRead() {
        AttachGap gap = new AttachGap();
        gap.bootstrapped(List.of());
        for (long pid = 2; pid < AttachGap.MAX_NAMED + 3; pid++) {
            gap.note(new SensorRecord.Clone("fork", pid, pid, pid, 0, 0, 1));
        }
        assertThat(gap.open()).isFalse();
        assertThat(gap.givenUp()).isTrue();
    }
}
