package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a process already running at start shows: its user and group, capability sets and ids in its
 * PID namespace come from the snapshot, as libsinsp takes them from libscap's /proc scan.
 */
class SnapshotIdentityTest {

    private final EventScript s = new EventScript();
    private final FieldProbe f = new FieldProbe();

    /** A container's init (host pid 4300, pid 1 inside) running as root with CAP_SYS_ADMIN. */
    private StateContext containerInit() {
        s.snapshot(4290, 1, "containerd-shim", "/usr/bin/containerd-shim-runc-v2", List.of(), null);
        s.user(0, "root");
        Event e = new Event().resetProcess(s.advance(1_000).now(), ProcessSnapshot.builder().pid(4300).ppid(4290)
                .comm("nginx").exe("/usr/sbin/nginx").uid(0).gid(5).vpid(1).vpgid(1).tids(List.of(4300L, 4301L))
                .capEffective("CAP_SYS_ADMIN").capPermitted("CAP_CHOWN CAP_SYS_ADMIN").capInheritable("")
                .build());
        return s.state.apply(e);
    }

    @Test
    void aContainersInitHasVpidOneAndItsCapabilitySets() {
        StateContext ctx = containerInit();
        assertThat(f.text(ctx, "proc.pid")).isEqualTo("4300");
        assertThat(f.text(ctx, "proc.vpid")).isEqualTo("1");
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("1");
        assertThat(f.text(ctx, "thread.vtid")).isEqualTo("1");
        assertThat(f.text(ctx, "user.uid")).isEqualTo("0");
        assertThat(f.text(ctx, "user.name")).isEqualTo("root");
        assertThat(f.text(ctx, "group.gid")).isEqualTo("5");
        assertThat(f.text(ctx, "thread.cap_effective")).isEqualTo("CAP_SYS_ADMIN");
        assertThat(f.text(ctx, "thread.cap_permitted")).isEqualTo("CAP_CHOWN CAP_SYS_ADMIN");
        assertThat(f.text(ctx, "thread.cap_inheritable")).isEmpty();
        // its other thread keeps its own id (the snapshot does not say it)
        StateContext other = s.apply(EventType.CHDIR, 4301, 0, "path", "/tmp");
        assertThat(f.text(other, "thread.vtid")).isEqualTo("4301");
        assertThat(f.text(other, "proc.vpid")).isEqualTo("1");
    }

    @Test
    void capsetSetsAllThreeSets() {
        containerInit();
        StateContext ctx = s.apply(EventType.CAPSET, 4300, 0, "cap_inheritable", "CAP_KILL",
                "cap_permitted", "CAP_KILL CAP_CHOWN", "cap_effective", "CAP_KILL");
        assertThat(f.text(ctx, "thread.cap_effective")).isEqualTo("CAP_KILL");
        assertThat(f.text(ctx, "thread.cap_permitted")).isEqualTo("CAP_KILL CAP_CHOWN");
        assertThat(f.text(ctx, "thread.cap_inheritable")).isEqualTo("CAP_KILL");
        ctx = s.apply(EventType.CAPSET, 4300, -1, "cap_inheritable", "", "cap_permitted", "", "cap_effective", "");
        assertThat(f.text(ctx, "thread.cap_permitted")).as("a failed capset changes nothing").isEqualTo("CAP_KILL CAP_CHOWN");
    }

    /**
     * A sensor that reads only the effective set at exec: the permitted set changed with it (a setuid, then
     * exec, empties it), so it becomes unknown rather than stays what it was; the inheritable set is kept.
     */
    @Test
    void anExecWithOnlyTheEffectiveSetLeavesTheOthersUnknownAndOneWithNoneLeavesAllThree() {
        containerInit();
        s.apply(EventType.CAPSET, 4300, 0, "cap_inheritable", "CAP_KILL", "cap_permitted", "CAP_KILL", "cap_effective", "CAP_KILL");
        StateContext ctx = s.apply(EventType.EXECVE, 4300, 0, "filename", "/bin/true", "cap_effective", "");
        assertThat(f.text(ctx, "thread.cap_effective")).isEqualTo("");
        assertThat(f.text(ctx, "thread.cap_permitted")).isNull();
        assertThat(f.text(ctx, "thread.cap_inheritable")).as("kept across an exec by the kernel").isEqualTo("CAP_KILL");
        s.apply(EventType.CAPSET, 4300, 0, "cap_inheritable", "CAP_KILL", "cap_permitted", "CAP_KILL", "cap_effective", "CAP_KILL");
        ctx = s.apply(EventType.EXECVE, 4300, 0, "filename", "/bin/true");
        assertThat(f.text(ctx, "thread.cap_permitted")).as("an exec that says nothing of them").isEqualTo("CAP_KILL");
    }

    /** A shell (pid 100) that leads its session and its process group, in both namespaces. */
    private void shellLeadingItsGroup() {
        s.state.apply(new Event().resetProcess(s.advance(1_000).now(), ProcessSnapshot.builder().pid(100).ppid(1)
                .comm("bash").exe("/bin/bash").sid(100).pgid(100).vpgid(100).build()));
    }

    @Test
    void setpgidOfItselfMakesTheCallerLeadItsOwnGroupInBothNamespaces() {
        shellLeadingItsGroup();
        s.fork(100, 200);
        assertThat(f.text(s.apply(EventType.GETCWD, 200, 0), "proc.vpgid")).as("inherited").isEqualTo("100");
        StateContext ctx = s.apply(EventType.SETPGID, 200, 0, "pid", 0, "pgid", 0);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("200");
        assertThat(f.text(ctx, "proc.is_vpgid_leader")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.pgid")).isEqualTo("200");
        ctx = s.apply(EventType.SETPGID, 200, 0, "pid", 200, "pgid", 100);
        assertThat(f.text(ctx, "proc.vpgid")).as("back into the shell's group").isEqualTo("100");
        assertThat(f.text(ctx, "proc.vpgid.name")).isEqualTo("bash");
        assertThat(f.text(ctx, "proc.pgid")).isEqualTo("100");
    }

    @Test
    void setsidMakesTheCallerLeadANewSessionAndGroup() {
        shellLeadingItsGroup();
        s.fork(100, 200);
        StateContext ctx = s.apply(EventType.SETSID, 200, 200);
        assertThat(f.text(ctx, "proc.sid")).isEqualTo("200");
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("200");
        assertThat(f.text(ctx, "proc.is_vpgid_leader")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.is_pgid_leader")).isEqualTo("true");
    }

    @Test
    void inAContainerSetpgidNamesTheCallerByItsNamespacePid() {
        containerInit();
        s.apply(EventType.CLONE, 4300, 4400, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "vtid", 1, "vpid", 1);
        s.apply(EventType.CLONE, 4400, 0, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "ptid", 4300,
                "vtid", 7, "vpid", 7);
        StateContext ctx = s.apply(EventType.SETPGID, 4400, 0, "pid", 7, "pgid", 0);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("7");
        assertThat(f.text(ctx, "proc.is_vpgid_leader")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.pgid")).isEqualTo("4400");
        ctx = s.apply(EventType.SETPGID, 4400, 0, "pid", 7, "pgid", 1);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("1");
        assertThat(f.text(ctx, "proc.is_vpgid_leader")).isEqualTo("false");
        ctx = s.apply(EventType.SETSID, 4400, 7);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("7");
        assertThat(f.text(ctx, "proc.pgid")).isEqualTo("4400");
    }

    /**
     * In a PID namespace the group id is the namespace's: its leader is found among the ancestors, the oldest
     * of those in the group from the parent up, as libsinsp finds it, never the host's process of that pid.
     */
    @Test
    void inAContainerTheGroupLeaderIsFoundAmongTheAncestorsNotByTheHostPid() {
        s.snapshot(1, 0, "systemd", "/usr/lib/systemd/systemd", List.of(), null);
        containerInit();
        s.apply(EventType.CLONE, 4300, 4400, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "vtid", 1, "vpid", 1);
        StateContext ctx = s.apply(EventType.CLONE, 4400, 0, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "ptid", 4300,
                "vtid", 7, "vpid", 7);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("1");
        assertThat(f.text(ctx, "proc.vpgid.name")).isEqualTo("nginx");
        assertThat(f.text(ctx, "proc.vpgid.exe")).isEqualTo("/usr/sbin/nginx");
        // a group no ancestor is in names nobody
        ctx = s.apply(EventType.SETPGID, 4400, 0, "pid", 0, "pgid", 0);
        assertThat(f.text(ctx, "proc.vpgid")).isEqualTo("7");
        assertThat(f.text(ctx, "proc.vpgid.name")).as("libsinsp: empty, a value").isEmpty();
        // on the host the table is asked directly
        shellLeadingItsGroup();
        s.fork(100, 200);
        assertThat(f.text(s.apply(EventType.GETCWD, 200, 0), "proc.vpgid.name")).isEqualTo("bash");
    }
}
