package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.strace.StraceValues.SocketTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SyscallMapperTest {

    private static List<CallEvent> map(String sample, long defaultPid) {
        SyscallMapper mapper = new SyscallMapper();
        List<CallEvent> events = new ArrayList<>();
        StraceSamples.records(sample, defaultPid, null).stream().map(mapper::map).filter(Objects::nonNull)
                .forEach(events::add);
        return events;
    }

    private static CallEvent first(List<CallEvent> events, String type, String param, Object value) {
        return events.stream().filter(e -> e.type().equals(type) && Objects.equals(e.param(param), value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " with " + param + "=" + value));
    }

    @Test
    void opensCarryFalcosParametersAndAbsoluteNames() {
        List<CallEvent> ev = map("exercise.txt", -1);
        CallEvent open = first(ev, "openat", "name", "/tmp/sx/work/a.txt");
        assertThat(open.params()).containsEntry("fd", 3L).containsEntry("dirfd", -100L)
                .containsEntry("flags", "O_WRONLY|O_CREAT|O_TRUNC").containsEntry("mode", 0644L);
        assertThat(open.result()).isEqualTo(3);
        CallEvent failed = first(ev, "openat", "name", "/nonexistent/x");
        assertThat(failed.result()).isEqualTo(-2);
        assertThat(failed.param("fd")).isEqualTo(-2L);
        CallEvent creat = first(ev, "creat", "name", "/tmp/sx/work/b.txt");
        assertThat(creat.params()).containsEntry("mode", 0600L).doesNotContainKey("flags");
        CallEvent dot = first(ev, "openat", "name", "/tmp/sx/work");
        assertThat(dot.param("flags")).isEqualTo("O_RDONLY|O_DIRECTORY");
        assertThat(first(ev, "openat2", "name", "/etc/hostname").result()).isEqualTo(-22);
    }

    @Test
    void fileSystemCalls() {
        List<CallEvent> ev = map("exercise.txt", -1);
        assertThat(first(ev, "rename", "oldpath", "/tmp/sx/work/b.txt").param("newpath")).isEqualTo("/tmp/sx/work/c.txt");
        assertThat(first(ev, "renameat2", "oldpath", "/tmp/sx/work/d.txt").params())
                .containsEntry("newpath", "/tmp/sx/work/e.txt").containsEntry("flags", "0");
        assertThat(first(ev, "symlink", "target", "/etc/passwd").param("linkpath")).isEqualTo("/tmp/sx/work/sl");
        assertThat(first(ev, "symlinkat", "target", "/etc/hosts").param("linkpath")).isEqualTo("/tmp/sx/work/sl2");
        assertThat(first(ev, "linkat", "oldpath", "/tmp/sx/work/a.txt").param("newpath")).isEqualTo("/tmp/sx/work/hl2");
        assertThat(first(ev, "link", "oldpath", "/tmp/sx/work/a.txt").param("newpath")).isEqualTo("/tmp/sx/work/hl");
        assertThat(first(ev, "mkdir", "path", "/tmp/sx/work/dir").param("mode")).isEqualTo(0755L);
        assertThat(first(ev, "mkdirat", "path", "/tmp/sx/work/dir2").param("mode")).isEqualTo(0700L);
        assertThat(first(ev, "rmdir", "path", "/tmp/sx/work/dir2").result()).isZero();
        assertThat(first(ev, "unlink", "path", "/tmp/sx/work/sl").result()).isZero();
        assertThat(first(ev, "unlinkat", "name", "/tmp/sx/work/dir").param("flags")).isEqualTo("AT_REMOVEDIR");
        assertThat(first(ev, "chmod", "filename", "/tmp/sx/work/a.txt").param("mode")).isEqualTo(0755L);
        assertThat(first(ev, "fchmod", "fd", 3L).param("mode")).isEqualTo(0600L);
        assertThat(first(ev, "fchmodat", "filename", "/tmp/sx/work/a.txt").param("mode")).isEqualTo(04755L);
        assertThat(first(ev, "chdir", "path", "/tmp/sx/work").result()).isZero();
        assertThat(first(ev, "fchdir", "fd", 3L).result()).isZero();
    }

    @Test
    void descriptorsAndSockets() {
        List<CallEvent> ev = map("exercise.txt", -1);
        assertThat(first(ev, "dup", "oldfd", 3L).result()).isEqualTo(4);
        assertThat(first(ev, "dup2", "newfd", 10L).params()).containsEntry("oldfd", 3L).containsEntry("res", 10L);
        assertThat(first(ev, "dup3", "newfd", 11L).param("flags")).isEqualTo("O_CLOEXEC");
        assertThat(first(ev, "close", "fd", 4L).result()).isZero();
        assertThat(first(ev, "socket", "type", "SOCK_STREAM|SOCK_CLOEXEC").params())
                .containsEntry("domain", "AF_INET").containsEntry("proto", "IPPROTO_TCP").containsEntry("fd", 4L);
        assertThat(first(ev, "socket", "domain", "AF_UNIX").param("type")).isEqualTo("SOCK_STREAM");
        assertThat(first(ev, "bind", "addr", "127.0.0.1:47001").result()).isZero();
        assertThat(first(ev, "bind", "addr", "/tmp/sx/work/sock").result()).isZero();
        assertThat(first(ev, "listen", "fd", 3L).param("backlog")).isEqualTo(5L);
        CallEvent out = first(ev, "connect", "res", -115L);
        assertThat(out.param("tuple")).isEqualTo(new SocketTuple("TCP", null, 0, "10.255.255.1", 4444, null));
        CallEvent accepted = first(ev, "accept4", "fd", 5L);
        assertThat(accepted.param("tuple")).isEqualTo(new SocketTuple("TCP", "127.0.0.1", 43598, "127.0.0.1", 47001, null));
        assertThat(accepted.param("flags")).isEqualTo("SOCK_CLOEXEC");
        // accept(s, NULL, NULL) gives no address: the client end comes from the new fd's annotation.
        assertThat(first(ev, "accept", "fd", 5L).param("tuple"))
                .isEqualTo(new SocketTuple("TCP", "127.0.0.1", 43596, "127.0.0.1", 47001, null));
        CallEvent udp = first(ev, "sendto", "size", 1L);
        assertThat(((SocketTuple) udp.param("tuple")).remotePort()).isEqualTo(53);
        assertThat(first(ev, "recvfrom", "fd", 5L).param("tuple"))
                .isEqualTo(new SocketTuple("TCP", "127.0.0.1", 47001, "127.0.0.1", 43596, null));
        assertThat(first(ev, "memfd_create", "name", "payload").params()).containsEntry("fd", 3L).containsEntry("flags", "MFD_CLOEXEC");
    }

    @Test
    void privilegeAndKernelCalls() {
        List<CallEvent> ev = map("exercise.txt", -1);
        assertThat(first(ev, "setuid", "uid", 0L).result()).isZero();
        assertThat(first(ev, "setgid", "gid", 0L).result()).isZero();
        assertThat(first(ev, "setresuid", "euid", 0L).params()).containsEntry("ruid", -1L).containsEntry("suid", -1L);
        assertThat(first(ev, "setresgid", "sgid", 0L).params()).containsEntry("rgid", -1L);
        CallEvent ptrace = first(ev, "ptrace", "request", "PTRACE_ATTACH");
        assertThat(ptrace.params()).containsEntry("pid", 999999L).containsEntry("res", -3L);
        assertThat(first(ev, "init_module", "res", -38L).param("length")).isEqualTo(0L);
        assertThat(first(ev, "finit_module", "res", -38L).param("fd")).isEqualTo(-1L);
    }

    @Test
    void processesExecsAndExits() {
        List<CallEvent> ev = map("exercise.txt", -1);
        CallEvent echo = first(ev, "execve", "exe", "echo");
        assertThat(echo.tid()).isEqualTo(12710);
        assertThat(echo.params()).containsEntry("filename", "/bin/echo").containsEntry("comm", "echo")
                .containsEntry("args", List.of("child \"quoted\"\n\ttab")).containsEntry("cwd", "/tmp/sx/work");
        CallEvent at = first(ev, "execveat", "exe", "true");
        assertThat(at.param("filename")).isEqualTo("/usr/bin/true");
        assertThat(first(ev, "vfork", "res", 12711L).param("flags")).isEqualTo("CLONE_VM|CLONE_VFORK");
        assertThat(first(ev, "clone", "res", 12710L).param("flags")).isEqualTo("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
        CallEvent killed = first(ev, "procexit", "status", 9L);
        assertThat(killed.tid()).isEqualTo(12713);
        CallEvent three = ev.stream().filter(e -> e.type().equals("procexit") && e.tid() == 12714).findFirst().orElseThrow();
        assertThat(three.params()).containsEntry("status", 3L << 8);
    }

    @Test
    void threadsBelongToTheirProcess() {
        List<CallEvent> ev = map("threads-stderr.txt", 12837);
        assertThat(ev).filteredOn(e -> e.type().equals("openat") && "/etc/hostname".equals(e.param("name")))
                .hasSize(60).allSatisfy(e -> assertThat(e.pid()).isEqualTo(12837));
        CallEvent clone3 = first(ev, "clone3", "res", 12838L);
        assertThat((String) clone3.param("flags")).contains("CLONE_THREAD");
    }

    @Test
    void anExecForgetsTheProcesssOtherThreadsIncludingTheOneThatTookOverTheLeadersId() {
        SyscallMapper mapper = new SyscallMapper();
        mapper.known(100, List.of(100L, 101L, 102L), "/");
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, records::add);
        parser.accept("101 1.000001 execve(\"/bin/true\", [\"true\"], 0x7ffe /* 3 vars */ <unfinished ...>");
        parser.accept("100 1.000002 +++ superseded by execve in pid 101 +++");
        parser.accept("100 1.000003 <... execve resumed>) = 0");
        parser.finish();
        records.forEach(mapper::map);
        assertThat(mapper.known(100)).isTrue();
        assertThat(mapper.known(101)).isFalse();
        assertThat(mapper.known(102)).isFalse();
    }

    @Test
    void aConnectToAUnixSocketIsNamedByTheAddressPath() {
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, records::add);
        parser.accept("28443 1796095119.853676 connect(3<UNIX-STREAM:[730914]>, {sa_family=AF_UNIX, "
                + "sun_path=\"/var/run/docker.sock\"}, 23) = 0");
        parser.accept("28443 1796095119.853700 connect(4<UNIX-STREAM:[730920]>, {sa_family=AF_UNIX, "
                + "sun_path=@\"/tmp/a\\nb\"}, 12) = 0");
        parser.finish();
        SyscallMapper mapper = new SyscallMapper();
        List<CallEvent> ev = records.stream().map(mapper::map).filter(Objects::nonNull).toList();
        assertThat(ev).extracting(e -> e.param("tuple")).containsExactly(
                new SocketTuple("UNIX-STREAM", null, 0, null, 0, "/var/run/docker.sock"),
                new SocketTuple("UNIX-STREAM", null, 0, null, 0, "@/tmp/a\nb"));
        assertThat(KestrelEvents.tupleText((SocketTuple) ev.get(0).param("tuple"))).isEqualTo("/var/run/docker.sock");
    }

    private static List<CallEvent> mapLines(String... lines) {
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, records::add);
        for (String line : lines) {
            parser.accept(line);
        }
        parser.finish();
        SyscallMapper mapper = new SyscallMapper();
        return records.stream().map(mapper::map).filter(Objects::nonNull).toList();
    }

    @Test
    void aRelativeOpenIsResolvedAgainstTheDecodedWorkingDirectory() {
        // strace 6.1 prints the directory "/tmp/h66/c<LF>d" escaped, like a string.
        List<CallEvent> ev = mapLines(
                "200 1796094952.450290 openat(AT_FDCWD</tmp/h66/c\\nd>, \"x\", O_RDONLY) = 3</tmp/h66/c\\nd/x>");
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).param("name")).isEqualTo("/tmp/h66/c\nd/x");
    }

    @Test
    void fchdirLearnsTheDecodedPathOfItsDescriptor() {
        List<CallEvent> ev = mapLines(
                "200 1796094952.450290 fchdir(3</tmp/a\\74b>) = 0",
                "200 1796094952.450300 open(\"y\", O_RDONLY) = 4</tmp/a\\74b/y>");
        assertThat(ev).hasSize(2);
        assertThat(ev.get(1).param("name")).isEqualTo("/tmp/a<b/y");
    }
}
