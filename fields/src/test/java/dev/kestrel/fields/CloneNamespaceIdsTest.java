package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code proc.vpid} and {@code thread.vtid} of a clone's child. As in a scap capture, each side's
 * report of a clone carries the reporting thread's own {@code vtid}/{@code vpid}: the caller's are
 * not the child's, which come from the child's report (or are 1 in a new PID namespace).
 */
class CloneNamespaceIdsTest {

    private static final String FORK = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID";

    private final EventScript s = new EventScript();
    private final FieldProbe f = new FieldProbe();

    CloneNamespaceIdsTest() {
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(100, 1, "bash", "/bin/bash", List.of(), null);
        s.state.apply(new Event().resetProcess(s.advance(1_000).now(), ProcessSnapshot.builder().pid(4300).ppid(1)
                .comm("nginx").exe("/usr/sbin/nginx").vpid(1).vpgid(1).build()));
    }

    private String field(long tid, String name) {
        return f.text(s.apply(EventType.GETCWD, tid, 0), name);
    }

    @Test
    void onTheHostTheCallersIdsAreNotTheChilds() {
        s.apply(EventType.CLONE, 100, 200, "flags", FORK, "vtid", 100, "vpid", 100);
        assertThat(field(200, "proc.vpid")).isEqualTo("200");
        assertThat(field(200, "thread.vtid")).isEqualTo("200");
        s.apply(EventType.CLONE, 200, 0, "flags", FORK, "ptid", 100, "vtid", 200, "vpid", 200);
        assertThat(field(200, "proc.vpid")).isEqualTo("200");
        assertThat(field(100, "proc.vpid")).as("the caller's own").isEqualTo("100");
    }

    @Test
    void inAContainerTheChildsOwnReportGivesItsIds() {
        s.apply(EventType.CLONE, 4300, 4400, "flags", FORK, "vtid", 1, "vpid", 1);
        assertThat(field(4400, "proc.vpid")).as("unknown until the child reports: its host pid").isEqualTo("4400");
        StateContext ctx = s.apply(EventType.CLONE, 4400, 0, "flags", FORK, "ptid", 4300, "vtid", 7, "vpid", 7);
        assertThat(f.text(ctx, "proc.vpid")).isEqualTo("7");
        assertThat(f.text(ctx, "thread.vtid")).isEqualTo("7");
        assertThat(f.text(ctx, "proc.pvpid")).isEqualTo("1");
    }

    @Test
    void aChildThatReportsFirstKeepsItsIds() {
        s.apply(EventType.CLONE, 4500, 0, "flags", FORK, "ptid", 4300, "vtid", 8, "vpid", 8);
        s.apply(EventType.CLONE, 4300, 4500, "flags", FORK, "vtid", 1, "vpid", 1);
        assertThat(field(4500, "proc.vpid")).isEqualTo("8");
        assertThat(field(4500, "proc.ppid")).isEqualTo("4300");
    }

    @Test
    void aThreadOfAContainerProcessTakesItsVtidFromItsOwnReport() {
        s.apply(EventType.CLONE, 4300, 4302, "flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD",
                "vtid", 1, "vpid", 1);
        assertThat(field(4302, "thread.vtid")).isEqualTo("4302");
        assertThat(field(4302, "proc.vpid")).isEqualTo("1");
        s.apply(EventType.CLONE, 4302, 0, "flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD",
                "ptid", 4300, "vtid", 3, "vpid", 1);
        assertThat(field(4302, "thread.vtid")).isEqualTo("3");
    }

    /** A sensor that reads the ids at the exec (the child's side of its clone unseen) gives them there. */
    @Test
    void anExecGivesTheIdsItsSensorReadThere() {
        s.apply(EventType.CLONE, 4300, 4600, "flags", FORK, "vtid", 1, "vpid", 1);
        assertThat(field(4600, "proc.vpid")).isEqualTo("4600");
        StateContext ctx = s.apply(EventType.EXECVE, 4600, 0, "filename", "/bin/cat", "vtid", 9, "vpid", 9);
        assertThat(f.text(ctx, "proc.vpid")).isEqualTo("9");
        assertThat(f.text(ctx, "thread.vtid")).isEqualTo("9");
        StateContext without = s.apply(EventType.EXECVE, 4600, 0, "filename", "/bin/true");
        assertThat(f.text(without, "proc.vpid")).as("an exec without them keeps what was known").isEqualTo("9");
    }

    @Test
    void theFirstProcessOfANewPidNamespaceIsOne() {
        s.apply(EventType.CLONE, 100, 300, "flags", FORK + "|CLONE_NEWPID", "vtid", 100, "vpid", 100);
        assertThat(field(300, "proc.vpid")).isEqualTo("1");
        assertThat(field(300, "thread.vtid")).isEqualTo("1");
    }
}
