package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.EventScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemStateTest {

    @Test
    void forkExecOpenConnect() {
        EventScript s = new EventScript();
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(100, 1, "bash", "/bin/bash", List.of("-l"), null);
        s.open(100, "/tmp/keep", "O_RDONLY", 3);
        s.open(100, "/tmp/drop", "O_RDONLY|O_CLOEXEC", 4);
        s.fork(100, 200);
        StateContext ctx = s.exec(200, "/usr/bin/curl", "-s", "http://x");
        ProcessInfo curl = ctx.process();
        assertThat(curl.pid()).isEqualTo(200);
        assertThat(curl.comm()).isEqualTo("curl");
        assertThat(curl.cmdline()).isEqualTo("curl -s http://x");
        assertThat(curl.exePath()).isEqualTo("/usr/bin/curl");
        assertThat(curl.parent().comm()).isEqualTo("bash");
        assertThat(curl.ancestor(2).comm()).isEqualTo("systemd");
        assertThat(curl.fds().get(3).name()).isEqualTo("/tmp/keep");
        assertThat(curl.fds().get(4)).isNull();

        ctx = s.open(200, "../etc/./shadow", "O_WRONLY|O_CREAT", 5);
        assertThat(ctx.fd().name()).isEqualTo("/etc/shadow");
        assertThat(ctx.fd().directory()).isEqualTo("/etc");
        assertThat(ctx.fd().filename()).isEqualTo("shadow");
        assertThat(ctx.fdNum()).isEqualTo(5);

        ctx = s.apply(EventType.OPENAT, 200, -2, "dirfd", -100, "name", "/nope", "flags", "O_RDONLY");
        assertThat(ctx.fdNum()).isEqualTo(-1);
        assertThat(ctx.fd().name()).isEqualTo("/nope");

        s.socket(200, 6);
        ctx = s.connect(200, 6, "10.0.0.5:43512->93.184.216.34:443");
        FdInfo sock = ctx.fd();
        assertThat(sock.type()).isEqualTo(FdType.IPV4);
        assertThat(sock.l4()).isEqualTo(FdInfo.L4.TCP);
        assertThat(sock.serverPort()).isEqualTo(443);
        assertThat(sock.localPort()).isEqualTo(43512);
        assertThat(sock.remoteIp().toString()).isEqualTo("93.184.216.34");
        assertThat(sock.connected()).isTrue();
        assertThat(sock.nameChangedBy(ctx.eventNum())).isTrue();
        assertThat(s.state.counters().unknownThreadEvents()).isZero();
    }

    @Test
    void childrenOfAnExitedParentAreReparented() {
        EventScript s = new EventScript();
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.fork(1, 10);
        s.exec(10, "/bin/sh");
        s.fork(10, 20);
        s.exec(20, "/bin/sleep", "100");
        s.exit(10);
        ProcessInfo sleep = s.state.threads().process(20);
        assertThat(s.state.threads().process(10)).isNull();
        assertThat(sleep.parent().pid()).isEqualTo(1);
        assertThat(sleep.ppid()).isEqualTo(1);
        assertThat(s.state.counters().processesExited()).isEqualTo(1);
    }

    @Test
    void anExecveOfAProcessWhoseCloneWasNotSeenTakesItsParentFromPtid() {
        EventScript s = new EventScript();
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(100, 1, "java", "/usr/bin/java", List.of("-jar", "app.jar"), null);
        StateContext ctx = s.apply(EventType.EXECVE, 300, 0, "filename", "/bin/sh", "args", List.of("-c", "id"),
                "ptid", 100);
        assertThat(ctx.process().parent().comm()).isEqualTo("java");
        assertThat(ctx.process().ppid()).isEqualTo(100);
        assertThat(s.state.threads().process(100).children()).contains(ctx.process());

        // A later exec naming another known parent moves the process there: the kernel re-parented it
        // (its parent exited and a subreaper, or init, took it), see ExecParentTest.
        ctx = s.apply(EventType.EXECVE, 300, 0, "filename", "/bin/true", "ptid", 1);
        assertThat(ctx.process().parent().comm()).isEqualTo("systemd");
        assertThat(s.state.threads().process(100).children()).doesNotContain(ctx.process());
    }

    @Test
    void threadsShareTheirProcessFds() {
        EventScript s = new EventScript();
        s.snapshot(50, 1, "java", "/usr/bin/java", List.of("-jar", "app.jar"), null);
        s.thread(50, 51);
        s.open(51, "/var/log/app.log", "O_WRONLY|O_APPEND", 7);
        StateContext ctx = s.apply(EventType.WRITE, 50, 10, "fd", 7, "size", 10);
        assertThat(ctx.thread().tid()).isEqualTo(50);
        assertThat(ctx.fd().name()).isEqualTo("/var/log/app.log");
        assertThat(s.state.threads().thread(51).process()).isSameAs(s.state.threads().process(50));
        s.apply(EventType.CLOSE, 51, 0, "fd", 7);
        assertThat(s.state.threads().process(50).fds().get(7)).isNull();
    }

    @Test
    void anEventOfAnUnknownThreadMakesAPlaceholder() {
        EventScript s = new EventScript();
        StateContext ctx = s.open(4242, "/etc/hosts", "O_RDONLY", 3);
        assertThat(ctx.process().pid()).isEqualTo(4242);
        assertThat(ctx.process().comm()).isNull();
        assertThat(ctx.fd().name()).isEqualTo("/etc/hosts");
        assertThat(s.state.counters().unknownThreadEvents()).isEqualTo(1);
        s.open(4242, "/etc/passwd", "O_RDONLY", 4);
        assertThat(s.state.counters().unknownThreadEvents()).isEqualTo(1);
    }

    @Test
    void dupCopiesAndCloneFilesShares() {
        EventScript s = new EventScript();
        s.snapshot(7, 1, "nc", "/bin/nc", List.of(), null);
        s.socket(7, 3);
        s.connect(7, 3, "10.0.0.1:5555->10.0.0.2:4444");
        StateContext ctx = s.apply(EventType.DUP2, 7, 0, "oldfd", 3, "newfd", 0);
        assertThat(ctx.fd().type()).isEqualTo(FdType.IPV4);
        assertThat(s.state.threads().process(7).fds().get(0).serverPort()).isEqualTo(4444);
        s.apply(EventType.CLONE, 7, 8, "flags", "CLONE_FILES");
        s.open(8, "/tmp/x", "O_RDONLY", 9);
        assertThat(s.state.threads().process(7).fds().get(9)).isNotNull();
    }

    @Test
    void aDupOfAnUnknownFdForgetsWhatTheNewFdHeld() {
        EventScript s = new EventScript();
        s.snapshot(7, 1, "cat", "/bin/cat", List.of(), null);
        s.open(7, "/etc/shadow", "O_RDONLY", 4);
        // fd 3 was never seen (a sensor left its open in the kernel): after dup2(3, 4) fd 4 is not /etc/shadow
        s.apply(EventType.DUP2, 7, 4, "oldfd", 3, "newfd", 4);
        assertThat(s.state.threads().process(7).fds().get(4)).isNull();
        // a failed dup, or one onto itself, changes nothing
        s.open(7, "/etc/passwd", "O_RDONLY", 5);
        s.apply(EventType.DUP2, 7, -9, "oldfd", 3, "newfd", 5);
        s.apply(EventType.DUP2, 7, 5, "oldfd", 5, "newfd", 5);
        assertThat(s.state.threads().process(7).fds().get(5).name()).isEqualTo("/etc/passwd");
    }

    @Test
    void idleProcessesArePurgedLeavesFirst() {
        EventScript s = new EventScript(SystemState.create(StateLimits.DEFAULTS
                .withThreadTimeout(Duration.ofSeconds(10)).withPurgeInterval(Duration.ofSeconds(1))));
        s.snapshot(1, 0, "init", "/sbin/init", List.of(), null);
        s.fork(1, 2);
        s.fork(2, 3);
        s.fork(1, 4);
        s.advance(20_000_000_000L);
        // First purge: 2 and 3 are idle, but 2 still has a child, so only the leaf 3 goes; 4 is a leaf too.
        s.open(1, "/x", "O_RDONLY", 3);
        assertThat(s.state.threads().process(3)).isNull();
        assertThat(s.state.threads().process(4)).isNull();
        assertThat(s.state.threads().process(2)).isNotNull();
        assertThat(s.state.threads().process(2).children()).isEmpty();
        assertThat(s.state.counters().threadsPurged()).isEqualTo(2);
        // Next purge, one interval later: 2 has become a leaf and goes; 1 had an event and stays.
        s.advance(2_000_000_000L);
        s.open(1, "/y", "O_RDONLY", 4);
        assertThat(s.state.threads().process(2)).isNull();
        assertThat(s.state.threads().process(1)).isNotNull();
        assertThat(s.state.threads().process(1).children()).isEmpty();
        assertThat(s.state.counters().threadsPurged()).isEqualTo(3);
    }
}
