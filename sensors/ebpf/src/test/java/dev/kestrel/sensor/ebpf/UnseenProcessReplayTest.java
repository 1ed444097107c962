package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process whose fork record was lost, first seen at its own open of /etc/shadow, through the sensor's reading path into
 * the engine: read from /proc before that open, its alert names its command, its parent and its container, as libsinsp's
 * would; not read, it names none of them.
 */
class UnseenProcessReplayTest {

    private static final String RULES = """
            - rule: shadow read
              desc: an open of /etc/shadow, with who did it
              condition: evt.type = openat and fd.name = /etc/shadow
              output: "proc=%proc.name cmdline=%proc.cmdline parent=%proc.pname container=%container.id"
              priority: WARNING
            """;
    private static final String CONTAINER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path proc;

    /** The java process 100 exec'd (seen), then forked 200 (the fork lost), which opened /etc/shadow without exec'ing. */
    private static List<String> lines() {
        return List.of("E|1000|100|100|1|0|0|0|0|0|5|1|0|0|0|0|100|java",
                "F|1000|100|1|0|0|0|0|/usr/bin/java", "A|100|0|java\\x00",
                "S|" + SyscallProbes.BY_SYSCALL.get("openat").index() + "|2000|200|200|3|-100|0|0|/etc/shadow");
    }

    private void forkedShell() throws Exception {
        FakeProc.process(proc, 200, 100, "sh", "/usr/bin/dash", List.of("sh", "-c", "cat /etc/shadow"), "/docker/" + CONTAINER);
    }

    @Test
    void readFromProcItsAlertNamesItsCommandParentAndContainer() throws Exception {
        forkedShell();
        try (SensorReplay replay = new SensorReplay("shadow.yaml", RULES)) {
            List<SensorReplay.Seen> seen = replay.readingUnseenFrom(proc).alerts(lines());
            assertThat(seen).singleElement().extracting(SensorReplay.Seen::output).asString()
                    .endsWith(" proc=sh cmdline=sh -c cat /etc/shadow parent=java container=" + CONTAINER.substring(0, 12));
        }
    }

    /**
     * The leader of java 100 ends while its thread 101 runs; 101 opens /etc/shadow, and a sibling then execs ls (what
     * /proc shows by the time the open is written): the open is still java's, as the engine knew it.
     */
    @Test
    void aThreadThatOutlivedItsLeaderKeepsItsProcessAsTheEngineKnewIt() throws Exception {
        FakeProc.process(proc, 100, 1, "ls", "/usr/bin/ls", List.of("/usr/bin/ls", "-l"), "/");
        List<String> lines = List.of("E|1000|100|100|1|0|0|0|0|0|5|1|0|0|0|0|100|java",
                "F|1000|100|1|0|0|0|0|/usr/bin/java", "A|100|0|java\\x00",
                "B|1|1100|100|100|101|" + (0x10000 | 0x100 | 0x800 | 0x400) + "|1|1|java",
                "X|1500|100|100|0|1",
                "S|" + SyscallProbes.BY_SYSCALL.get("openat").index() + "|2000|101|100|3|-100|0|0|/etc/shadow");
        try (SensorReplay replay = new SensorReplay("shadow.yaml", RULES)) {
            List<SensorReplay.Seen> seen = replay.readingUnseenFrom(proc).alerts(lines);
            assertThat(seen).singleElement().extracting(SensorReplay.Seen::output).asString().contains(" proc=java ");
        }
    }

    /**
     * A hundred processes first seen (gone from /proc) use up the second's reads; the shell's first open is put off and
     * names nothing, and its open a second later, within the next second's budget, names its command, parent and container.
     */
    @Test
    void putOffByTheBudgetItIsReadAtItsNextRecordWithinIt() throws Exception {
        forkedShell();
        int openat = SyscallProbes.BY_SYSCALL.get("openat").index();
        List<String> lines = new ArrayList<>(lines().subList(0, 3));
        for (int pid = 300; pid < 300 + UnseenProcesses.MAX_READS_PER_SECOND; pid++) {
            lines.add("S|" + openat + "|" + (1000 + pid) + "|" + pid + "|" + pid + "|3|-100|0|0|/etc/hostname");
        }
        lines.add("S|" + openat + "|2000|200|200|3|-100|0|0|/etc/shadow");
        lines.add("S|" + openat + "|1000002000|200|200|4|-100|0|0|/etc/shadow");
        try (SensorReplay replay = new SensorReplay("shadow.yaml", RULES)) {
            List<SensorReplay.Seen> seen = replay.readingUnseenFrom(proc).alerts(lines);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).output()).endsWith(" proc=<NA> cmdline=<NA> parent=<NA> container=host");
            assertThat(seen.get(1).output())
                    .endsWith(" proc=sh cmdline=sh -c cat /etc/shadow parent=java container=" + CONTAINER.substring(0, 12));
        }
    }

    @Test
    void notReadItsAlertNamesNoneOfThem() throws Exception {
        forkedShell();
        try (SensorReplay replay = new SensorReplay("shadow.yaml", RULES)) {
            List<SensorReplay.Seen> seen = replay.alerts(lines());
            assertThat(seen).singleElement().extracting(SensorReplay.Seen::output).asString()
                    .endsWith(" proc=<NA> cmdline=<NA> parent=<NA> container=host");
        }
    }
}
