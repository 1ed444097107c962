package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An exec names its process's parent ({@code ptid}, the kernel's {@code real_parent}): a process the
 * table re-parented to pid 1 when its parent exited, while the kernel gave it to a subreaper (a
 * container runtime's shim), gets the subreaper back at its exec.
 */
class ExecParentTest {

    private static final String FORK = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID";

    private final EventScript s = new EventScript();
    private final FieldProbe f = new FieldProbe();

    ExecParentTest() {
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(300, 1, "containerd-shim", "/usr/bin/containerd-shim-runc-v2", List.of(), null);
        s.snapshot(100, 300, "runc", "/usr/bin/runc", List.of(), null);
        s.apply(EventType.CLONE, 100, 200, "flags", FORK);
        s.apply(EventType.CLONE, 200, 0, "flags", FORK, "ptid", 100);
        // runc exits; the table gives its child to pid 1, the kernel to the shim (a subreaper)
        s.apply(EventType.PROCEXIT, 100, 0);
    }

    @Test
    void theExecsParentReplacesTheOneTheTableGuessed() {
        assertThat(f.text(s.apply(EventType.GETCWD, 200, 0), "proc.pname")).as("before the exec").isEqualTo("systemd");
        StateContext ctx = s.apply(EventType.EXECVE, 200, 0, "filename", "/bin/sh", "ptid", 300);
        assertThat(f.text(ctx, "proc.pname")).isEqualTo("containerd-shim");
        assertThat(f.text(ctx, "proc.ppid")).isEqualTo("300");
        assertThat(f.text(ctx, "proc.aname[2]")).isEqualTo("systemd");
    }

    @Test
    void anExecNamingNoParentOrAnUnknownOneOrItsOwnChildKeepsTheParent() {
        assertThat(f.text(s.apply(EventType.EXECVE, 200, 0, "filename", "/bin/sh"), "proc.pname")).isEqualTo("systemd");
        assertThat(f.text(s.apply(EventType.EXECVE, 200, 0, "filename", "/bin/sh", "ptid", 999), "proc.pname"))
                .as("a parent the table does not know").isEqualTo("systemd");
        s.apply(EventType.CLONE, 200, 201, "flags", FORK);
        s.apply(EventType.CLONE, 201, 0, "flags", FORK, "ptid", 200);
        assertThat(f.text(s.apply(EventType.EXECVE, 200, 0, "filename", "/bin/sh", "ptid", 201), "proc.pname"))
                .as("its own child cannot become its parent").isEqualTo("systemd");
    }
}
