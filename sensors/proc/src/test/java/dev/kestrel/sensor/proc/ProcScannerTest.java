package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ProcessSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcScannerTest {

    private static final String ID = "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970";

    @TempDir
    Path proc;

    @Test
    void readsEveryDetailOfAFakeTree() throws IOException {
        write("stat", "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n");
        process(1, "1 (init) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0",
                "/sbin/init", "/", "init\0", "0::/\n", 0);
        process(4242, "4242 (my (odd) name) S 1 4242 4200 34816 -1 4194560 0 0 0 0 0 0 0 0 20 0 3 0 250 0 0",
                "/usr/bin/cat (deleted)", "/tmp", "cat\0/etc/shadow\0", "11:memory:/docker/" + ID + "\n", 1000);
        Files.createDirectories(proc.resolve("4242/task/4242"));
        Files.createDirectories(proc.resolve("4242/task/4243"));
        Files.createDirectories(proc.resolve("self"));

        List<ProcEntry> all = new ProcScanner(proc).scan();
        assertThat(all).extracting(ProcEntry::pid).containsExactly(1L, 4242L);
        ProcEntry init = all.get(0);
        assertThat(init.container().id()).isEqualTo("host");
        assertThat(init.loginUid()).isEqualTo(-1);
        assertThat(init.tids()).containsExactly(1L);

        ProcEntry cat = all.get(1);
        assertThat(cat.comm()).isEqualTo("my (odd) name");
        assertThat(cat.ppid()).isEqualTo(1);
        assertThat(cat.pgid()).isEqualTo(4242);
        assertThat(cat.sid()).isEqualTo(4200);
        assertThat(cat.ttyNr()).isEqualTo(34816);
        assertThat(cat.exe()).isEqualTo("/usr/bin/cat");
        assertThat(cat.exeDeleted()).isTrue();
        assertThat(cat.args()).containsExactly("cat", "/etc/shadow");
        assertThat(cat.cwd()).isEqualTo("/tmp");
        assertThat(cat.status().uid()).isEqualTo(1000);
        assertThat(cat.status().euid()).isEqualTo(0);
        assertThat(cat.status().gid()).isEqualTo(1000);
        assertThat(cat.status().egid()).isEqualTo(5);
        assertThat(cat.loginUid()).isEqualTo(1000);
        assertThat(cat.container().id()).isEqualTo("4f797c539e6c");
        assertThat(cat.startTimeNanos()).isEqualTo(1_700_000_002_500_000_000L);
        assertThat(cat.tids()).containsExactly(4242L, 4243L);
    }

    /**
     * A start time on the monotonic clock (the one BPF programs and System.nanoTime read): the start ticks since
     * boot, less the time suspended, which /proc/uptime counts and the monotonic clock does not.
     */
    @Test
    void aStartTimeOnTheMonotonicClockLeavesOutTimeSpentSuspended() throws IOException {
        process(4242, "4242 (cat) S 1 4242 4200 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1000 0 0", "/usr/bin/cat", "/",
                "cat\0", "0::/\n", 0);
        ProcScanner scanner = new ProcScanner(proc);
        assertThat(scanner.startMonotonicNanos(4242)).as("no /proc/uptime").isEqualTo(-1);
        // up as long as the monotonic clock says, plus 4 s suspended: started 10 s after boot by uptime's count
        long suspended = 4_000_000_000L;
        long up = System.nanoTime() + suspended;
        write("uptime", (up / 1_000_000_000L) + "." + String.format("%02d", up / 10_000_000L % 100) + " 1.00\n");
        assertThat(scanner.startMonotonicNanos(4242)).isBetween(6_000_000_000L - 10_000_000L, 6_000_000_000L + 1_000_000_000L);
        assertThat(scanner.startMonotonicNanos(99)).as("gone").isEqualTo(-1);
    }

    /**
     * A container's init seen from the host: libscap and the drivers give the effective ids as the
     * process's user and group, its capability sets, and its pids inside its PID namespace.
     */
    @Test
    void theSnapshotHasTheEffectiveIdsTheCapabilitiesAndTheNamespacePids() throws IOException {
        process(4300, "4300 (nginx) S 4290 4300 4300 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 250 0 0",
                "/usr/sbin/nginx", "/", "nginx\0", "0::/docker/" + ID + "\n", -1);
        write("4300/status", """
                Name:\tnginx
                Tgid:\t4300
                Pid:\t4300
                PPid:\t4290
                Uid:\t1000\t0\t0\t0
                Gid:\t1000\t5\t5\t5
                Groups:\t5 27 1000
                NStgid:\t4300\t1
                NSpid:\t4300\t1
                NSpgid:\t4300\t1
                NSsid:\t4300\t1
                CapInh:\t0000000000000000
                CapPrm:\t00000000a80425fb
                CapEff:\t0000000000200000
                CapBnd:\t00000000a80425fb
                """);
        ProcEntry nginx = new ProcScanner(proc).read(4300);
        assertThat(nginx.status()).isEqualTo(new ProcStatus(1000, 0, 1000, 5, 0, 0xa80425fbL, 0x200000L, 1, 1));

        ProcessSnapshot s = nginx.toSnapshot();
        assertThat(s.uid()).as("user.uid: the effective uid").isZero();
        assertThat(s.euid()).isZero();
        assertThat(s.gid()).as("group.gid: the effective gid").isEqualTo(5);
        assertThat(s.capEffective()).isEqualTo("CAP_SYS_ADMIN");
        assertThat(s.capPermitted()).isEqualTo("CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID "
                + "CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT CAP_MKNOD CAP_AUDIT_WRITE "
                + "CAP_SETFCAP");
        assertThat(s.capInheritable()).isEmpty();
        assertThat(s.vpid()).isEqualTo(1);
        assertThat(s.vpgid()).isEqualTo(1);
    }

    @Test
    void aHostProcessesNamespacePidsAreItsPidsAndUnreadableStatusIsUnknown() throws IOException {
        process(500, "500 (sshd) S 1 500 500 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 250 0 0",
                "/usr/sbin/sshd", "/", "sshd\0", "0::/\n", -1);
        write("500/status", "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t500\nNSpgid:\t500\n");
        ProcessSnapshot sshd = new ProcScanner(proc).read(500).toSnapshot();
        assertThat(sshd.vpid()).isEqualTo(500);
        assertThat(sshd.vpgid()).isEqualTo(500);
        assertThat(sshd.capEffective()).as("no CapEff line").isNull();

        process(501, "501 (gone) S 1 501 501 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 250 0 0", null, null, "", "", -1);
        ProcEntry gone = new ProcScanner(proc).read(501);
        assertThat(gone.status()).isEqualTo(ProcStatus.UNKNOWN);
        assertThat(gone.toSnapshot().uid()).isEqualTo(-1);
        assertThat(gone.toSnapshot().vpid()).isEqualTo(-1);
    }

    @Test
    void vanishedAndUnreadableProcessesAreSkippedAndCounted() throws IOException {
        Files.createDirectories(proc.resolve("77"));
        process(78, "78 (kthreadd) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0", null, null, "", "", -1);
        ProcScanner scanner = new ProcScanner(proc);
        List<ProcEntry> all = scanner.scan();
        assertThat(all).extracting(ProcEntry::pid).containsExactly(78L);
        assertThat(all.get(0).exe()).isEmpty();
        assertThat(all.get(0).args()).isEmpty();
        assertThat(all.get(0).startTimeNanos()).isZero();
        assertThat(scanner.vanished()).isEqualTo(1);
        assertThat(scanner.read(99)).isNull();
    }

    @Test
    void aCommandLineOverTheLimitIsCutThereMarkedAndCounted() throws IOException {
        String stat = " (sh) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0";
        // 2 MB of arguments, as a user may leave hundreds of: only the first 64 bytes are read.
        process(10, 10 + stat, "/bin/sh", "/", "sh\0-c\0" + "x".repeat(2_000_000) + "\0", "0::/\n", 0);
        // Exactly 64 bytes: whole, not cut.
        process(11, 11 + stat, "/bin/sh", "/", "sh\0" + "y".repeat(60) + "\0", "0::/\n", 0);
        ProcScanner scanner = new ProcScanner(proc, 64);

        List<ProcEntry> all = scanner.scan();

        ProcEntry cut = all.get(0);
        assertThat(cut.args()).containsExactly("sh", "-c", "x".repeat(64 - 6));
        assertThat(cut.argsTruncated()).isTrue();
        ProcEntry whole = all.get(1);
        assertThat(whole.args()).containsExactly("sh", "y".repeat(60));
        assertThat(whole.argsTruncated()).isFalse();
        assertThat(scanner.cutCommandLines()).isEqualTo(1);
        assertThat(scanner.cutFiles()).isZero();
    }

    @Test
    void theDefaultLimitIsTheLiveSensorsFourKibibytes() throws IOException {
        process(12, "12 (sh) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0", "/bin/sh", "/",
                "sh\0" + "x".repeat(100_000), "0::/\n", 0);
        ProcScanner scanner = new ProcScanner(proc);
        ProcEntry cut = scanner.read(12);
        assertThat(cut.args()).containsExactly("sh", "x".repeat(ProcScanner.DEFAULT_MAX_ARG_BYTES - 3));
        assertThat(cut.argsTruncated()).isTrue();
        assertThat(scanner.cutCommandLines()).isEqualTo(1);
    }

    @Test
    void otherFilesAreReadUpToTheirBoundsAndCountedWhenADetailLayPast() throws IOException {
        // A long Groups: line: Uid: and Gid: before it are read; the NS and Cap lines after it are lost, counted.
        process(20, "20 (a) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0", "/bin/a", "/", "a\0", "0::/\n", 1000);
        write("20/status", "Name:\ta\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\nGroups:\t"
                + "12345 ".repeat(20_000) + "\nNStgid:\t20\nCapEff:\t0000000000000000\n");
        // A cgroup file past its bound: the whole lines within it are kept, the rest counted.
        String line = "7:memory:/" + "d".repeat(4_000) + "\n";
        int fit = ProcScanner.CGROUP_BYTES / line.length();
        process(21, "21 (b) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0", "/bin/b", "/", "b\0",
                line.repeat(fit + 3), 0);
        ProcScanner scanner = new ProcScanner(proc);

        List<ProcEntry> all = scanner.scan();

        assertThat(all.get(0).status().uid()).isEqualTo(1000);
        assertThat(all.get(0).status().gid()).isEqualTo(100);
        assertThat(all.get(0).status().capEffective()).isEqualTo(-1);
        assertThat(all.get(1).cgroups()).hasSize(fit).allSatisfy(l -> assertThat(l).hasSize(line.length() - 1));
        assertThat(scanner.cutFiles()).isEqualTo(2);
        assertThat(scanner.cutCommandLines()).isZero();
    }

    @Test
    void readsTheRealProcOfThisJvm() throws IOException {
        long self = ProcessHandle.current().pid();
        ProcEntry me = ProcScanner.system().read(self);
        ProcessHandle.Info info = ProcessHandle.current().info();
        assertThat(me.pid()).isEqualTo(self);
        assertThat(me.exe()).isEqualTo(info.command().orElseThrow());
        // argv[0] then the arguments, as the JDK reads them from the same /proc/self/cmdline.
        assertThat(me.args().subList(1, me.args().size())).containsExactly(info.arguments().orElseThrow());
        assertThat(me.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(me.status().uid()).isEqualTo(Long.parseLong(statusField("Uid:", 0)));
        assertThat(me.status().euid()).isEqualTo(Long.parseLong(statusField("Uid:", 1)));
        assertThat(me.status().capEffective()).isEqualTo(Long.parseUnsignedLong(statusField("CapEff:", 0), 16));
        assertThat(me.status().vpid()).isEqualTo(Long.parseLong(statusField("NStgid:", -1)));
        assertThat(me.cwd()).isEqualTo(Path.of("").toAbsolutePath().toString());
        // The JDK's start instant and ours come from the same clock ticks; they agree to the tick (10 ms).
        long jdkStart = info.startInstant().orElseThrow().toEpochMilli() * 1_000_000L;
        assertThat(Math.abs(me.startTimeNanos() - jdkStart)).as("start time, ns apart from the JDK's").isLessThan(1_000_000_000L);
        assertThat(me.tids()).contains(self).hasSizeGreaterThan(1);
    }

    /** Value {@code index} (-1: the last) of the line {@code name} of this JVM's status. */
    private static String statusField(String name, int index) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name)) {
                String[] values = line.substring(name.length()).trim().split("\\s+");
                return values[index < 0 ? values.length - 1 : index];
            }
        }
        throw new AssertionError("no " + name + " line in /proc/self/status");
    }

    private void process(long pid, String stat, String exe, String cwd, String cmdline, String cgroup, long uid)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        write(pid + "/stat", stat + "\n");
        if (uid >= 0) {
            write(pid + "/status", "Name:\tx\nUid:\t" + uid + "\t0\t0\t0\nGid:\t" + uid + "\t5\t5\t5\n");
            write(pid + "/loginuid", uid == 0 ? "4294967295" : Long.toString(uid));
        }
        if (exe != null) {
            Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
        }
        if (cwd != null) {
            Files.createSymbolicLink(dir.resolve("cwd"), Path.of(cwd));
        }
        write(pid + "/cmdline", cmdline);
        write(pid + "/cgroup", cgroup);
    }

    private void write(String relative, String content) throws IOException {
        Files.writeString(proc.resolve(relative), content, StandardCharsets.UTF_8);
    }
}
