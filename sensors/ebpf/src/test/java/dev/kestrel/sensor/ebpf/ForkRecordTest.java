package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.ebpf.SensorReplay.Seen;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one record a new thread or process prints, read back into the process tree the rules see. */
class ForkRecordTest {

    private static final String RULES = """
            - rule: Close x
              desc: a close of /etc/x
              condition: evt.type = close and fd.name = /etc/x
              output: closed %fd.name by tid=%thread.tid pid=%proc.pid ppid=%proc.ppid
              priority: WARNING
            - rule: Close y
              desc: a close of /etc/y, with the closing process's name
              condition: evt.type = close and fd.name = /etc/y
              output: closed /etc/y by name=%proc.name tid=%thread.tid
              priority: WARNING
            - rule: Close z
              desc: a close of /etc/z, with the closing thread's ids in its PID namespace
              condition: evt.type = close and fd.name = /etc/z
              output: closed /etc/z by tid=%thread.tid vtid=%thread.vtid vpid=%proc.vpid
              priority: WARNING
            """;
    private static final long CLONE_FILES = 0x400;
    private static final long CLONE_THREAD = 0x10000;
    private static final long SIGCHLD = 17;

    private static SensorReplay replay;

    @BeforeAll
    static void load() {
        replay = new SensorReplay("fork.yaml", RULES);
    }

    @AfterAll
    static void close() {
        replay.close();
    }

    private static String open(long ts, long tid, long pid, long fd, String path) {
        return "S|" + SyscallProbes.BY_SYSCALL.get("openat").index() + "|" + ts + "|" + tid + "|" + pid + "|" + fd + "|-100|0|0|" + path;
    }

    private static String close(long ts, long tid, long pid, long fd) {
        return "S|" + SyscallProbes.BY_SYSCALL.get("close").index() + "|" + ts + "|" + tid + "|" + pid + "|0|" + fd;
    }

    private static List<String> outputs(String... lines) {
        // without the time and priority in front
        return replay.alerts(List.of(lines)).stream().map(Seen::output).map(o -> o.substring(o.indexOf("closed"))).toList();
    }

    @Test
    void aChildProcessCopiesItsParentsFdsAndAClosedCopyLeavesTheParentsOpen() {
        assertThat(outputs(open(1000, 100, 100, 5, "/etc/x"),
                "B|3|2000|100|100|200|0|1|1",
                close(3000, 200, 200, 5),
                close(4000, 100, 100, 5)))
                .containsExactly("closed /etc/x by tid=200 pid=200 ppid=100", "closed /etc/x by tid=100 pid=100 ppid=<NA>");
    }

    /**
     * A new process is named as its caller was named at the fork (runc's children rename themselves
     * {@code runc:[1:CHILD]} before they exec), not after the caller's program: Falco's rules except such names.
     */
    @Test
    void aChildProcessIsNamedAsTheRecordSays() {
        assertThat(outputs(open(1000, 100, 100, 6, "/etc/y"),
                "B|3|2000|100|100|200|0|1|1|runc:[1:CHILD]",
                close(3000, 200, 200, 6)))
                .containsExactly("closed /etc/y by name=runc:[1:CHILD] tid=200");
    }

    /**
     * A child in a container reports its ids there from its own return from the call ({@code V}, queued
     * after the fork's record): the fork's child-side report carries them, before the child does anything.
     */
    @Test
    void aContainerChildHasItsNamespaceIdsBeforeItExecs() {
        assertThat(outputs(open(1000, 100, 100, 7, "/etc/z"), open(1001, 100, 100, 8, "/etc/z"),
                "B|3|2000|100|100|200|0|1|1|sh",
                "V|2001|200|12|12",
                "B|1|2100|200|200|201|" + (CLONE_THREAD | CLONE_FILES | 0x100) + "|1|1|sh",
                "V|2101|201|13|12",
                close(3000, 201, 200, 7),
                close(3100, 200, 200, 8)))
                .containsExactly("closed /etc/z by tid=201 vtid=13 vpid=12", "closed /etc/z by tid=200 vtid=12 vpid=12");
    }

    /** The report left by an earlier thread 200 (before this fork) names nobody; 300's is not 200's. */
    @Test
    void aChildWhoseIdsNeverCameKeepsItsHostIds() {
        assertThat(outputs(open(1000, 100, 100, 7, "/etc/z"),
                "B|3|2000|100|100|200|0|1|1|sh",
                "V|1500|200|5|5",
                "V|2001|300|6|6",
                close(3000, 200, 200, 7)))
                .containsExactly("closed /etc/z by tid=200 vtid=200 vpid=200");
    }

    @Test
    void aChildMadeWithCloneFilesSharesTheTableSoItsCloseIsTheParentsToo() {
        assertThat(outputs(open(1000, 100, 100, 5, "/etc/x"),
                "B|1|2000|100|100|200|" + (CLONE_FILES | SIGCHLD) + "|1|1",
                close(3000, 200, 200, 5),
                close(4000, 100, 100, 5)))
                .containsExactly("closed /etc/x by tid=200 pid=200 ppid=100");
    }

    @Test
    void aThreadBelongsToItsProcess() {
        assertThat(outputs(open(1000, 100, 100, 5, "/etc/x"),
                "B|1|2000|100|100|201|" + (CLONE_THREAD | CLONE_FILES | 0x100) + "|1|1",
                close(3000, 201, 100, 5)))
                .containsExactly("closed /etc/x by tid=201 pid=100 ppid=<NA>");
    }

    @Test
    void aChildOfTheUntracedProcessStillGetsItsParent() {
        // The untraced process (the JVM) spawned 200: only the child's side is reported, and its
        // parent is taken from the forking thread.
        assertThat(outputs(open(1000, 100, 100, 5, "/etc/x"),
                "B|4|2000|100|100|200|" + 0x4100 + "|1|0",
                close(3000, 200, 200, 5)))
                .containsExactly("closed /etc/x by tid=200 pid=200 ppid=100");
    }
}
