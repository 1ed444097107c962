package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.fields.EventScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clone naming a thread id the table still holds, as libsinsp's clone parsers treat it: an entry the
 * child's own earlier events made is the child's; any other is a thread whose exit was missed (lost, or
 * filtered out), which the new thread replaces.
 */
class TidReuseTest {

    private static final String FORK = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID";
    private static final long TWO_SECONDS = 2_000_000_000L;

    private final EventScript s = new EventScript();

    TidReuseTest() {
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(500, 1, "java", "/usr/bin/java", List.of(), null);
        s.thread(500, 501);
        s.snapshot(700, 1, "bash", "/bin/bash", List.of(), null);
    }

    private ProcessInfo processOf(long tid) {
        return s.state.threads().thread(tid).process();
    }

    @Test
    void aForkOntoTheIdOfAThreadWhoseExitWasMissedMakesANewProcess() {
        s.advance(TWO_SECONDS);
        s.fork(700, 501);
        ProcessInfo child = processOf(501);
        assertThat(child.pid()).isEqualTo(501);
        assertThat(child.parent().pid()).isEqualTo(700);
        assertThat(child.comm()).isEqualTo("bash");
        ProcessInfo java = s.state.threads().process(500);
        assertThat(java.threads).extracting(ThreadInfo::tid).containsExactly(500L);
    }

    /** The leader ended first and its other thread's exit was missed: the process is gone once its pid is reused. */
    @Test
    void aForkOntoThePidOfAProcessWhoseLeaderEndedAndWhoseThreadsExitWasMissedMakesANewProcess() {
        s.apply(EventType.PROCEXIT, 500, 0);
        assertThat(s.state.threads().process(500)).as("its thread 501 lives on").isNotNull();
        s.advance(TWO_SECONDS);
        s.fork(700, 500);
        ProcessInfo child = processOf(500);
        assertThat(child.parent().pid()).isEqualTo(700);
        assertThat(child.comm()).isEqualTo("bash");
        assertThat(child.threads).extracting(ThreadInfo::tid).containsExactly(500L);
        assertThat(s.state.threads().thread(501)).as("the stale thread went with its process").isNull();
    }

    @Test
    void aStaleProcessWhoseIdIsReusedGoesAsAnExitWouldReparentingItsChildren() {
        s.fork(500, 600);
        s.fork(600, 650);
        s.advance(TWO_SECONDS);
        s.fork(700, 600);
        ProcessInfo child = processOf(600);
        assertThat(child.parent().pid()).isEqualTo(700);
        assertThat(child.comm()).isEqualTo("bash");
        assertThat(child.children()).isEmpty();
        assertThat(s.state.threads().process(650).parent().pid()).as("re-parented to init").isEqualTo(1);
        assertThat(s.state.counters().processesExited()).isEqualTo(1);
    }

    @Test
    void aThreadCloneOntoAStaleIdJoinsTheCaller() {
        s.advance(TWO_SECONDS);
        s.thread(700, 501);
        assertThat(processOf(501).pid()).isEqualTo(700);
        assertThat(s.state.threads().process(500).threads).extracting(ThreadInfo::tid).containsExactly(500L);
    }

    @Test
    void aChildsOwnReportOfAStaleIdReplacesTheOldEntry() {
        s.advance(TWO_SECONDS);
        Event e = new Event().reset(EventType.CLONE, s.advance(1_000).now(), 501, 501, 0);
        e.setParam("flags", FORK);
        e.setParam("ptid", 700L);
        StateContext ctx = s.state.apply(e);
        assertThat(ctx.process().pid()).isEqualTo(501);
        assertThat(ctx.process().parent().pid()).isEqualTo(700);
        assertThat(ctx.process().comm()).isEqualTo("bash");
        assertThat(s.state.threads().process(500).threads).extracting(ThreadInfo::tid).containsExactly(500L);
    }

    @Test
    void theChildsOwnReportBeforeTheParentsIsKept() {
        Event e = new Event().reset(EventType.CLONE, s.advance(1_000).now(), 800, 800, 0);
        e.setParam("flags", FORK);
        e.setParam("ptid", 700L);
        s.state.apply(e);
        s.open(800, "/tmp/mine", "O_RDONLY", 3);
        s.advance(3 * TWO_SECONDS);
        s.fork(700, 800);
        assertThat(processOf(800).fds().get(3)).as("the entry the child made is kept").isNotNull();
    }

    @Test
    void theParentsReportFollowedByTheChildsKeepsTheEntry() {
        s.fork(700, 800);
        s.open(700, "/tmp/later", "O_RDONLY", 4);
        Event e = new Event().reset(EventType.CLONE, s.advance(1_000).now(), 800, 800, 0);
        e.setParam("flags", FORK);
        e.setParam("ptid", 700L);
        s.state.apply(e);
        assertThat(processOf(800).parent().pid()).isEqualTo(700);
        assertThat(processOf(800).fds().get(4)).as("still the copy made at the parent's report").isNull();
    }

    @Test
    void aPlaceholderTheChildsEventsMadeJustBeforeTheCloneIsKept() {
        // a vfork child runs (and execs) before its parent returns from the call
        s.apply(EventType.EXECVE, 900, 0, "filename", "/bin/true", "ptid", 700);
        s.fork(700, 900);
        assertThat(processOf(900).comm()).isEqualTo("true");
        assertThat(processOf(900).parent().pid()).isEqualTo(700);
    }

    /**
     * A sensor read process 900 from /proc because its first record came before its fork's (released late): the
     * late fork keeps that entry, with what /proc said of it, instead of copying the parent over it.
     */
    @Test
    void aProcessReadFromProcJustBeforeItsLateForkIsKept() {
        s.advance(TWO_SECONDS);
        long now = s.now() + 1_000;
        Event read = new Event();
        read.resetProcess(now, ProcessSnapshot.builder().pid(900).ppid(700).comm("curl").exe("curl").exePath("/usr/bin/curl")
                .args(List.of("-s")).startNanos(now - 50_000_000L).tids(List.of(900L)).build());
        s.state.apply(read);
        s.fork(700, 900);
        assertThat(processOf(900).comm()).isEqualTo("curl");
        assertThat(processOf(900).parent().pid()).isEqualTo(700);
    }

    /** The same read of a process started long ago is a stale entry: the fork replaces it, as before. */
    @Test
    void aProcessReadFromProcLongAgoIsReplacedByAForkOntoItsPid() {
        s.snapshot(900, 1, "old", "/usr/bin/old", List.of(), null);
        s.advance(TWO_SECONDS);
        s.fork(700, 900);
        assertThat(processOf(900).comm()).isEqualTo("bash");
    }
}
