package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * What the sensor says of a process beyond its command, seen live: the effective ids Falco calls
 * {@code user.uid} and {@code group.gid}, the effective capabilities, the session, a program run from
 * a memfd, and the sockets a process got from {@code accept}, which no rule names.
 */
class EbpfProcessFieldsTest extends LiveSensorTest {

    /** The identity alert of the program whose command line ends in {@code tag} and whose output has {@code what}. */
    private Alert identity(String tag, String what) throws InterruptedException {
        return sensor.await(a -> a.rule().equals("Kestrel live test identity") && a.output().contains(tag)
                && a.output().contains(what));
    }

    /** A set-user-id and set-group-id program: Falco's user.uid and group.gid are its effective ids, not the caller's. */
    @Test
    void aSetIdProgramRunsAsItsOwnerAndWithoutCapabilities() throws Exception {
        Path program = work.resolve("kestrel-setid");
        Files.copy(Path.of("/bin/true"), program, StandardCopyOption.REPLACE_EXISTING);
        Files.setAttribute(program, "unix:uid", 1234);
        Files.setAttribute(program, "unix:gid", 4321);
        // chown cleared the set-id bits; they are set after it
        Files.setAttribute(program, "unix:mode", 06755);
        String tag = "kestrel-live-identity-setid-" + marker;
        assertThat(LiveSensor.run(program.toString(), tag)).isZero();
        Alert a = identity(tag, "cmd=kestrel-setid ");
        assertThat(a.output()).contains("uid=1234 ", "gid=4321 ", "caps=[]");
    }

    /**
     * A program root started as another user (setuid, then exec) has no capabilities left, permitted ones
     * included: the exec says so, or the permitted set the process had before stays.
     */
    @Test
    void aProgramStartedAsAnotherUserHasNoCapabilitiesLeft() throws Exception {
        SystemTests.require(SystemTests.onPath("setpriv"), "setpriv is not installed (util-linux)");
        String tag = "kestrel-live-identity-setpriv-" + marker;
        assertThat(LiveSensor.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true", tag)).isZero();
        Alert a = identity(tag, "cmd=true ");
        assertThat(a.output()).contains("uid=65534 ", "gid=65534 ", "caps=[]", "permitted=[]")
                .as("root's program, which nobody may not write").contains("writable=false ");
    }

    /** Falco's exe-writable flag: the owner of a program may write it, whatever its mode. */
    @Test
    void aProgramItsUserOwnsIsWritableByIt() throws Exception {
        SystemTests.require(SystemTests.onPath("setpriv"), "setpriv is not installed (util-linux)");
        Path program = work.resolve("kestrel-owned");
        Files.copy(Path.of("/bin/true"), program, StandardCopyOption.REPLACE_EXISTING);
        Files.setAttribute(program, "unix:uid", 65534);
        Files.setAttribute(program, "unix:mode", 0555);
        Files.setAttribute(work, "unix:mode", 0755);
        String tag = "kestrel-live-identity-owned-" + marker;
        assertThat(LiveSensor.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program.toString(), tag)).isZero();
        assertThat(identity(tag, "cmd=kestrel-owned ").output()).contains("uid=65534 ", "writable=true ");
    }

    @Test
    void aRootProgramHasRootsCapabilities() throws Exception {
        String tag = "kestrel-live-identity-root-" + marker;
        assertThat(LiveSensor.run("true", tag)).isZero();
        Alert a = identity(tag, "cmd=true ");
        assertThat(a.output()).contains("uid=0 ", "gid=0 ", "CAP_SYS_ADMIN", "CAP_SYS_MODULE", "sid_leader=false", "writable=true ");
    }

    @Test
    void aProgramThatStartedItsOwnSessionLeadsIt() throws Exception {
        SystemTests.require(SystemTests.onPath("setsid"), "setsid is not installed (util-linux)");
        String tag = "kestrel-live-identity-session-" + marker;
        assertThat(LiveSensor.run("setsid", "true", tag)).isZero();
        // setsid(1) makes the session, then runs true in the same process
        assertThat(identity(tag, "cmd=setsid ").output()).contains("sid_leader=false");
        assertThat(identity(tag, "cmd=true ").output()).contains("sid_leader=true");
    }

    /**
     * A child is named as its caller was at the fork (runc's children rename themselves before they exec,
     * and Falco's rules except those names), not after the caller's program.
     */
    @Test
    void aChildIsNamedAsItsParentWasAtTheFork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed");
        java.nio.file.Path from = java.nio.file.Files.writeString(dir.resolve("a"), "x");
        String to = dir.resolve("b-" + marker).toString();
        assertThat(LiveSensor.run("python3", "-c", "import ctypes, os, sys\n"
                + "ctypes.CDLL(None).prctl(15, b'kestrel-named', 0, 0, 0)\n"
                + "pid = os.fork()\n"
                + "if pid == 0:\n    os.rename(sys.argv[1], sys.argv[2])\n    os._exit(0)\n"
                + "os.waitpid(pid, 0)\n", from.toString(), to, marker)).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test rename") && x.output().contains("target=" + to));
        assertThat(a.output()).contains("name=kestrel-named ").contains("pname=python3");
    }

    /** Falco's official "Fileless execution via memfd_create" reads the exe flag the exec header carries. */
    @Test
    void aProgramRunFromAMemfdFiresFalcosFilelessExecutionRule() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it runs the program from a memfd)");
        String tag = "kestrel-live-identity-memfd-" + marker;
        String script = "import os, sys\n"
                + "fd = os.memfd_create('kestrel')\n"
                + "os.write(fd, open('/bin/true', 'rb').read())\n"
                + "os.execve('/proc/self/fd/%d' % fd, ['true', sys.argv[1]], {})\n";
        assertThat(LiveSensor.run("python3", "-c", script, tag)).isZero();
        // python's own exec carries the tag too: the program from the memfd is the one whose exe is true
        assertThat(identity(tag, "cmd=python3 ").output()).contains("memfd=false");
        assertThat(identity(tag, "memfd=true").output()).doesNotContain("cmd=python3 ")
                .as("named as Falco's drivers name a memfd's file").contains("exepath=memfd:kestrel ");
        Alert fileless = sensor.await(a -> a.rule().equals("Fileless execution via memfd_create") && a.output().contains(tag));
        assertThat(fileless.priority().name()).isEqualTo("CRITICAL");
    }

    /**
     * Falco's {@code proc.exepath} is the path of the file the kernel runs: a symbolic link is followed
     * (the exec'd name is {@code proc.exe}), so naming a program after another does not change its path.
     */
    @Test
    void aProgramRunThroughASymbolicLinkHasItsTargetsPath() throws Exception {
        Path target = Path.of("/bin/true").toRealPath();
        Path link = Files.createSymbolicLink(work.resolve("kestrel-link"), Path.of("/bin/true"));
        String tag = "kestrel-live-identity-link-" + marker;
        assertThat(LiveSensor.run(link.toString(), tag)).isZero();
        Alert a = identity(tag, "cmd=" + link.getFileName() + " ");
        assertThat(a.output()).contains("exepath=" + target + " ").doesNotContain("exepath=" + link);
        long ino = ((Number) Files.getAttribute(target, "unix:ino")).longValue();
        long ctime = ((java.nio.file.attribute.FileTime) Files.getAttribute(target, "unix:ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        long mtime = Files.getLastModifiedTime(target).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        assertThat(a.output()).as("the exe file's inode and times, as stat gives them")
                .contains("ino=" + ino + " ", "ctime=" + ctime + " ", "mtime=" + mtime + " ");
    }

    /** Only a file in no directory is from a memfd: a file on disk named like one is not. */
    @Test
    void aFileNamedLikeAMemfdIsNotOne() throws Exception {
        Path program = work.resolve("memfd:kestrel");
        Files.copy(Path.of("/bin/true"), program, StandardCopyOption.REPLACE_EXISTING);
        String tag = "kestrel-live-identity-fakememfd-" + marker;
        assertThat(LiveSensor.run(program.toString(), tag)).isZero();
        assertThat(identity(tag, "cmd=memfd:kestrel ").output()).contains("memfd=false", "exepath=" + program + " ");
    }

    /** The ids of a process in a PID namespace of its own are its ids there, read at its exec. */
    @Test
    void aProcessInItsOwnPidNamespaceHasThatNamespacesIds() throws Exception {
        SystemTests.require(SystemTests.onPath("unshare"), "unshare is not installed (util-linux)");
        String tag = "kestrel-live-identity-pidns-" + marker;
        // unshare makes the namespace and forks: sh is its first process (1), true its second (2; not the builtin)
        assertThat(LiveSensor.run("unshare", "--fork", "--pid", "sh", "-c", "/bin/true " + tag + "; exit 0")).isZero();
        Alert a = identity(tag, "cmd=true ");
        assertThat(a.output()).contains("vpid=2 ", "vtid=2 ");
        assertThat(identity(tag, "cmd=sh ").output()).contains("vpid=1 ", "vtid=1 ");
    }

    /**
     * The reader keeps the names of the cgroups the program announced, and the program announces each
     * once: a removed cgroup is forgotten by both, or the table fills with dead cgroups and new ones lose
     * their container.
     */
    @Test
    void aRemovedCgroupIsForgotten() throws Exception {
        KernelLayout layout = KernelLayout.detect(Path.of("/proc"));
        Path hierarchy = layout.cgroupController().isEmpty() ? Path.of("/sys/fs/cgroup")
                : Path.of("/sys/fs/cgroup", layout.cgroupController());
        SystemTests.require(Files.isWritable(hierarchy), "the cgroup hierarchy " + hierarchy + " is not writable");
        Path cgroup = Files.createDirectory(hierarchy.resolve(marker));
        long id = ((Number) Files.getAttribute(cgroup, "unix:ino")).longValue();
        try {
            String tag = "kestrel-live-identity-cgroup-" + marker;
            assertThat(LiveSensor.run("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec true " + tag)).isZero();
            identity(tag, "cmd=true ");
            assertThat(sensor.source.cgroupPath(id)).as("named while it lives").isEqualTo("/" + marker);
        } finally {
            Files.delete(cgroup);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && sensor.source.cgroupPath(id) != null) {
            Thread.sleep(50);
        }
        assertThat(sensor.source.cgroupPath(id)).as("forgotten once removed").isNull();
    }

    /**
     * A bind shell's first step: accept a connection and copy it onto stdin. No rule names accept, yet the
     * dup2 must find an ipv4 socket, or Falco's "Redirect STDOUT/STDIN to Network Connection in Container"
     * never matches. Only 127.0.0.1 is used.
     */
    @Test
    void anAcceptedConnectionCopiedOntoStdinIsAnIpv4Socket() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it accepts and copies the connection)");
        String script = "import os, socket, sys\n"
                + "server = socket.socket()\n"
                + "server.bind(('127.0.0.1', 0))\n"
                + "server.listen(1)\n"
                + "client = socket.create_connection(server.getsockname())\n"
                + "conn, _ = server.accept()\n"
                + "os.dup2(conn.fileno(), 0)\n";
        assertThat(LiveSensor.run("python3", "-c", script, marker)).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test socket on a standard stream") && x.output().contains(marker));
        assertThat(a.output()).contains("res=0 ", "type=ipv4 ", "connection=127.0.0.1:");
    }

    /**
     * A shell's pipeline after a program that held a close-on-exec socket: the pipe takes the socket's
     * old number, and the table must say pipe, not the socket it held before (else "Redirect STDOUT/STDIN
     * to Network Connection in Container" fires on any pipeline after such a program).
     */
    @Test
    void aPipeTakesTheNumberOfASocketClosedByExec() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it holds the socket, then runs the shell)");
        String script = "import os, socket, sys\n"
                + "s = socket.socket()\n"
                + "os.execv('/bin/sh', ['sh', '-c', 'echo x | cat > /dev/null', sys.argv[1]])\n";
        assertThat(LiveSensor.run("python3", "-c", script, marker)).isZero();
        Alert pipe = sensor.await(a -> a.rule().equals("Kestrel live test pipe on a standard stream")
                && a.output().contains(marker) && a.output().contains("res=0 "));
        assertThat(pipe.output()).contains("type=pipe ");
        assertThat(sensor.alerts()).noneMatch(a -> a.rule().equals("Kestrel live test socket on a standard stream")
                && a.output().contains(marker));
    }

    /**
     * An orphan in a pid namespace goes to that namespace's init, not to the host's pid 1: its parent is
     * then the container's init, as under Falco, which "Terminal shell in container" and the process-tree
     * fields read.
     */
    @Test
    void anOrphanInAPidNamespaceGoesToItsInit() throws Exception {
        SystemTests.require(SystemTests.onPath("unshare"), "unshare is not installed (util-linux)");
        // sh (the namespace's init) runs a shell that leaves a subshell behind and ends at once; the subshell,
        // orphaned, runs true after a while.
        String inner = "(sleep 0.5; exec true " + marker + ") &";
        assertThat(LiveSensor.run("unshare", "--pid", "--fork", "sh", "-c", "sh -c '" + inner + "'; sleep 2")).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test lineage") && x.output().contains(marker));
        assertThat(a.output()).contains("pname=sh ").doesNotContain("ppid=1 ");
    }
    /**
     * An orphan the kernel gives to a subreaper (as container runtimes' shims are) is the subreaper's child
     * once it execs: the exec names its parent, and the table, which gave it to pid 1 at its parent's
     * exit, takes the kernel's word.
     */
    @Test
    void anOrphanTakenByASubreaperIsItsChildAtItsExec() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed");
        assertThat(LiveSensor.run("python3", "-c", "import ctypes, os, sys\n"
                + "ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)\n"  // PR_SET_CHILD_SUBREAPER
                + "r, w = os.pipe()\n"
                + "if os.fork() == 0:\n"
                + "    if os.fork() == 0:\n"
                + "        os.close(w)\n"
                + "        os.read(r, 1)\n"  // until its parent has exited
                + "        os.execv('/usr/bin/true', ['true', sys.argv[1]])\n"
                + "    os._exit(0)\n"
                + "os.wait()\n"
                + "os.write(w, b'x')\n"
                + "os.wait()\n", marker)).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test lineage") && x.output().contains(marker));
        assertThat(a.output()).contains("pname=python3 ").doesNotContain("ppid=1 ");
    }
}
