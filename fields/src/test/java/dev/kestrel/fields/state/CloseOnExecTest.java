package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.EventScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An exec closes every fd made close-on-exec, whatever call made it (Linux numbers: {@code SOCK_CLOEXEC},
 * {@code O_CLOEXEC} and the {@code *_CLOEXEC} flags of eventfd2, signalfd4, epoll_create1, inotify_init1
 * and timerfd_create are 0x80000, {@code MFD_CLOEXEC} is 1), as libsinsp drops them at exec.
 */
class CloseOnExecTest {

    private static final long CLOEXEC = 0x80000;
    private static final long SOCK_STREAM = 1;

    private final EventScript s = new EventScript();

    CloseOnExecTest() {
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(100, 1, "python3", "/usr/bin/python3", List.of(), null);
    }

    private FdTable fdsAfterExec() {
        s.exec(100, "/bin/sh");
        return s.state.threads().process(100).fds();
    }

    @Test
    void aCloseOnExecSocketIsNotWhatAShellDupsOntoStdin() {
        s.apply(EventType.SOCKET, 100, 3, "domain", "AF_INET", "type", SOCK_STREAM | CLOEXEC, "proto", 0);
        s.connect(100, 3, "10.0.0.1:5555->10.0.0.2:4444");
        s.exec(100, "/bin/sh");
        // sh opens fd 3 (an open the sensor filtered out), then dup2(3, 0)
        StateContext ctx = s.apply(EventType.DUP2, 100, 0, "oldfd", 3, "newfd", 0);
        assertThat(ctx.fd()).isNull();
        assertThat(s.state.threads().process(100).fds().get(0)).isNull();
    }

    @Test
    void aSocketWithoutTheFlagSurvivesTheExec() {
        s.apply(EventType.SOCKET, 100, 3, "domain", "AF_INET", "type", SOCK_STREAM, "proto", 0);
        assertThat(fdsAfterExec().get(3).type()).isEqualTo(FdType.IPV4);
    }

    @Test
    void pipe2WithOCloexec() {
        s.apply(EventType.PIPE2, 100, 0, "fd1", 3, "fd2", 4, "ino", 77, "flags", "O_CLOEXEC");
        s.apply(EventType.PIPE2, 100, 0, "fd1", 5, "fd2", 6, "ino", 78, "flags", "O_NONBLOCK");
        FdTable fds = fdsAfterExec();
        assertThat(fds.get(3)).isNull();
        assertThat(fds.get(4)).isNull();
        assertThat(fds.get(5)).isNotNull();
        assertThat(fds.get(6)).isNotNull();
    }

    @Test
    void accept4WithSockCloexec() {
        s.apply(EventType.ACCEPT4, 100, 5, "tuple", "10.0.0.9:40000->10.0.0.1:80", "flags", CLOEXEC);
        s.apply(EventType.ACCEPT4, 100, 6, "tuple", "10.0.0.9:40001->10.0.0.1:80", "flags", 0);
        FdTable fds = fdsAfterExec();
        assertThat(fds.get(5)).isNull();
        assertThat(fds.get(6)).isNotNull();
    }

    @Test
    void dup3WithOCloexec() {
        s.open(100, "/etc/hosts", "O_RDONLY", 3);
        s.apply(EventType.DUP3, 100, 7, "oldfd", 3, "newfd", 7, "flags", "O_CLOEXEC");
        FdTable fds = fdsAfterExec();
        assertThat(fds.get(7)).isNull();
        assertThat(fds.get(3)).isNotNull();
    }

    @Test
    void socketpairWithSockCloexec() {
        s.apply(EventType.SOCKETPAIR, 100, 0, "fd1", 3, "fd2", 4, "domain", "AF_UNIX", "type", SOCK_STREAM | CLOEXEC);
        FdTable fds = fdsAfterExec();
        assertThat(fds.get(3)).isNull();
        assertThat(fds.get(4)).isNull();
    }

    @Test
    void memfdWithMfdCloexec() {
        s.apply(EventType.MEMFD_CREATE, 100, 3, "name", "x", "flags", 1);
        s.apply(EventType.MEMFD_CREATE, 100, 4, "name", "y", "flags", 2);
        FdTable fds = fdsAfterExec();
        assertThat(fds.get(3)).isNull();
        assertThat(fds.get(4)).isNotNull();
    }

    @Test
    void eventSignalEpollInotifyAndTimerFdsWithTheirCloexecFlags() {
        s.apply(EventType.EVENTFD2, 100, 3, "initval", 0, "flags", CLOEXEC);
        s.apply(EventType.SIGNALFD4, 100, 4, "fd", -1, "mask", 0, "flags", CLOEXEC);
        s.apply(EventType.EPOLL_CREATE1, 100, 5, "flags", CLOEXEC);
        s.apply(EventType.INOTIFY_INIT1, 100, 6, "flags", CLOEXEC);
        s.apply(EventType.TIMERFD_CREATE, 100, 7, "clockid", 1, "flags", CLOEXEC);
        s.apply(EventType.EVENTFD2, 100, 8, "initval", 0, "flags", 0);
        FdTable fds = fdsAfterExec();
        for (long fd = 3; fd <= 7; fd++) {
            assertThat(fds.get(fd)).as("fd %d", fd).isNull();
        }
        assertThat(fds.get(8)).isNotNull();
    }
}
