package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Failed execs, execveat and strings cut at the sensor's limits, seen live by the shared eBPF sensor
 * and the rules of {@code live-test-rules.yaml} (which read evt.failed, evt.res and evt.is_truncated), and
 * the process tree the fork records build.
 */
class EbpfEventsTest extends LiveSensorTest {

    private Alert await(String rule, String text) throws InterruptedException {
        return sensor.await(a -> a.rule().equals(rule) && a.output().contains(text));
    }

    @Test
    void theSensorsOwnStartUpCheckNeverReachesTheRules() throws Exception {
        // The check runs a shell from this JVM, which "Java Process Spawning Shell" would report. Its
        // records reach the event thread after the reorder window: wait until they were hidden.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (hiddenSelfCheckRecords() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hiddenSelfCheckRecords()).as("its fork, exec and chdir at least").isGreaterThanOrEqualTo(3);
        // Other tests start sensors of their own, whose checks this sensor sees like any process's.
        String own = sensor.source.markerPrefix();
        assertThat(sensor.alerts()).noneMatch(a -> a.rule().equals("Kestrel live test start-up check")
                && a.output().contains(own));
        assertThat(sensor.alerts()).noneMatch(a -> a.output().contains(own));
    }

    private long hiddenSelfCheckRecords() {
        return sensor.source.counters().skipped().getOrDefault(EbpfSource.SELF_CHECK_RECORDS, 0L);
    }

    @Test
    void anExecOfAMissingFileIsAFailedExecveWithENOENTAndTheShellKeepsItsName() throws Exception {
        Path missing = work.resolve(marker);
        LiveSensor.run("sh", "-c", missing + "; exit 0");
        Alert a = await("Kestrel live test failed exec", "file=" + missing);
        assertThat(a.output()).contains("type=execve ", "res=ENOENT", "rawres=-2", "proc=sh ", "cmd=sh -c " + missing);
    }

    @Test
    void aForkQueuedOnACpuThatThenIdlesStillComesBeforeTheChildsEvents() throws Exception {
        // The shell's fork record waits in its CPU's kernel queue while the child's failed exec is printed at
        // once. Pinned to the last CPU, which then goes idle: the queue must still be printed within the
        // reorder window, or the child's exec reaches the rules before the fork that made it (proc=<NA>).
        SystemTests.require(SystemTests.onPath("taskset"), "taskset is not installed (util-linux)");
        int last = Runtime.getRuntime().availableProcessors() - 1;
        for (int i = 0; i < 3; i++) {
            Path missing = work.resolve(marker + "-idle-" + i);
            LiveSensor.run("taskset", "-c", Integer.toString(last), "sh", "-c", missing + "; exit 0");
            Alert a = await("Kestrel live test failed exec", "file=" + missing);
            assertThat(a.output()).contains("res=ENOENT", "proc=sh ", "cmd=sh -c " + missing);
            Thread.sleep(300);
        }
    }

    @Test
    void anExecOfAFileWithoutExecutePermissionIsAFailedExecveWithEACCES() throws Exception {
        Path file = Files.writeString(work.resolve(marker), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LiveSensor.run("sh", "-c", file + "; exit 0");
        Alert a = await("Kestrel live test failed exec", "file=" + file);
        assertThat(a.output()).contains("type=execve ", "res=EACCES", "rawres=-13", "proc=sh ");
    }

    @Test
    void aFailedExecveatIsReportedAsItselfAndASuccessfulOneAsAnExecve() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it makes the execveat calls)");
        Path denied = Files.writeString(work.resolve("denied"), "#!/bin/sh\nexit 0\n");
        // glibc's fexecve is execveat(fd, "", argv, envp, AT_EMPTY_PATH)
        String script = "import os, sys\n"
                + "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
                + "try:\n"
                + "    os.execve(fd, ['true', sys.argv[2]], {})\n"
                + "except PermissionError:\n"
                + "    pass\n"
                + "fd = os.open('/bin/true', os.O_RDONLY)\n"
                + "os.execve(fd, ['true', sys.argv[2]], {})\n";
        assertThat(LiveSensor.run("python3", "-c", script, denied.toString(), marker)).isZero();
        // (python3 may be a wrapper script whose own lookups fail as execve: only the execveat is looked at)
        Alert failed = sensor.await(a -> a.rule().equals("Kestrel live test failed exec") && a.output().contains(marker)
                && a.output().contains("type=execveat "));
        assertThat(failed.output()).contains("res=EACCES", "rawres=-13");
        // Older kernels name a program started from an fd after the fd ("3"), so its name is not checked.
        // Falco's drivers report a successful execveat as an execve (sched_process_exec makes it).
        Alert worked = await("Kestrel live test fexecve", marker);
        assertThat(worked.output()).contains(": Notice execve res=SUCCESS ");
    }

    /** The kernel's own close-on-exec bit of the accepted fd: the engine drops such fds at an exec. */
    @Test
    void anAcceptedConnectionSaysWhetherItsFdClosesAtAnExec() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it makes the accept4 calls)");
        String script = "import ctypes, socket, sys\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(2)\n"
                + "clients = [socket.create_connection(server.getsockname()) for _ in range(2)]\n"
                + "for flags in (0, 0x80000):\n"
                + "    if libc.accept4(server.fileno(), None, None, flags) < 0:\n"
                + "        sys.exit('accept4: errno %d' % ctypes.get_errno())\n";
        assertThat(LiveSensor.run("python3", "-c", script, marker)).isZero();
        // (other tests accept connections too, with markers of their own)
        for (String flags : new String[] {"flags=0 ", "flags=524288 "}) {
            Alert a = sensor.await(x -> x.rule().equals("Kestrel live test accept4") && x.output().contains(marker)
                    && x.output().contains(flags));
            assertThat(a.output()).contains("cmd=python3 ");
        }
    }

    @Test
    void aPathLongerThanTheStringLimitIsMarkedTruncated() throws Exception {
        String dir = marker + "-" + "d".repeat(220);
        Path path = work.resolve(dir).resolve("file");
        LiveSensor.run("cat", path.toString());
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test truncated") && x.output().contains("type=openat ")
                && x.output().contains(marker));
        String cut = path.toString().substring(0, BpftraceScript.STRING_BYTES - 1);
        assertThat(a.output()).contains("truncated=true", "name=" + cut + "...").doesNotContain(path.toString());
    }

    /**
     * A name may hold the lines bpftrace itself prints ({@code Lost N events}, {@code Attaching N probes...}):
     * they were once read as bpftrace's own, so any user could make the sensor report losses that never
     * happened or scan /proc again and again. They are part of the name.
     */
    @Test
    void bpftracesOwnLinesInsideAFileNameArePartOfTheName() throws Exception {
        Path dir = Files.createDirectory(work.resolve(marker + "\nLost 999999 events\nAttaching 1 probe...\n"));
        Path from = Files.writeString(dir.resolve("a"), "x");
        Path to = dir.resolve("b\nLost 7 events");
        long lostBefore = sensor.source.lost();
        LiveSensor.run("mv", from.toString(), to.toString());
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test rename") && x.output().contains(marker));
        assertThat(a.output()).contains("source=" + from + " ", "target=" + to);
        assertThat(sensor.source.lost()).isEqualTo(lostBefore);
    }

    @Test
    void argumentsLongerThanTheReadLimitAreMarkedTruncated() throws Exception {
        String big = "x".repeat(EbpfOptions.defaults().maxArgBytes() + 1000);
        LiveSensor.run("sh", "-c", "exit 0", marker, big);
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test truncated") && x.output().contains("type=execve ")
                && x.output().contains(marker));
        assertThat(a.output()).contains("truncated=true", "...").doesNotContain(big);
    }

    @Test
    void aProcessForkedByAThreadHasTheThreadsProcessAsItsParent() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it makes the thread and the fork)");
        // A thread of python forks; the child names python's pid and its parent's pid in its arguments and runs true.
        String script = "import os, sys, threading\n"
                + "def spawn():\n"
                + "    pid = os.fork()\n"
                + "    if pid == 0:\n"
                + "        above = open('/proc/%d/stat' % os.getppid()).read().rsplit(') ', 1)[1].split()[1]\n"
                + "        os.execv('/bin/true', ['true', sys.argv[1], 'python=%d' % os.getppid(), 'above=' + above])\n"
                + "    os.waitpid(pid, 0)\n"
                + "t = threading.Thread(target=spawn)\n"
                + "t.start()\n"
                + "t.join()\n";
        assertThat(LiveSensor.run("python3", "-c", script, marker)).isZero();
        Alert a = await("Kestrel live test lineage", marker);
        Matcher m = Pattern.compile("python=(\\d+) above=(\\d+) pid=(\\d+) ppid=(\\d+) pname=(\\S+) gppid=(\\d+)")
                .matcher(a.output());
        assertThat(m.find()).as(a.output()).isTrue();
        assertThat(m.group(4)).as("the parent is the process, not its forking thread").isEqualTo(m.group(1));
        assertThat(m.group(3)).isNotEqualTo(m.group(1));
        assertThat(m.group(5)).startsWith("python");
        assertThat(m.group(6)).as("the parent's parent").isEqualTo(m.group(2));
    }
}
