package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How bpftrace is started and stopped, with stand-in scripts for bpftrace (no root needed). */
class BpftraceProcessTest {

    @TempDir
    Path dir;

    @Test
    void bpftraceFollowsTheKeeperInASessionOfItsOwnWhereSetsidIsInstalled() {
        assertThat(BpftraceProcess.argv("bpftrace", 42, List.of("-B", "full", "p.bt"), Path.of("/usr/bin/setsid")))
                .containsExactly("/usr/bin/setsid", "bpftrace", "-p", "42", "-B", "full", "p.bt");
        assertThat(BpftraceProcess.argv("/opt/bt", 7, List.of("p.bt"), null)).containsExactly("/opt/bt", "-p", "7", "p.bt");
    }

    @Test
    void endingTheKeeperEndsAProgramThatFollowsItWithoutASignal() throws Exception {
        // Like bpftrace -p: runs until the process it follows is gone, then prints its last line.
        Path follower = script("follower", "trap 'echo signalled; exit 3' TERM INT\n"
                + "echo \"$K $3\"\n"
                + "while kill -0 \"$2\" 2>/dev/null; do sleep 0.05; done\n"
                + "echo \"ended after $2\"\n");
        BpftraceProcess run = BpftraceProcess.start(follower.toString(), List.of("program.bt"), Map.of("K", "env"));
        assertThat(run.end(Duration.ofSeconds(60))).as("it ended by itself").isTrue();
        String out = new String(run.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).startsWith("env program.bt\n").containsPattern("ended after \\d+\n").doesNotContain("signalled");
        assertThat(run.process().exitValue()).isZero();
    }

    @Test
    void aProgramThatIgnoresTheKeeperIsSignalledAfterTheWait() throws Exception {
        Path stubborn = script("stubborn", "trap 'echo signalled; exit 3' TERM\n"
                + "while :; do sleep 0.05; done\n");
        BpftraceProcess run = BpftraceProcess.start(stubborn.toString(), List.of(), Map.of());
        Thread.sleep(300);  // its trap is set
        assertThat(run.end(Duration.ofMillis(500))).as("it had to be signalled").isFalse();
        assertThat(run.process().isAlive()).isFalse();
        assertThat(new String(run.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("signalled");
    }

    @Test
    void theKeeperRunsInASessionOfItsOwnSoACtrlCAtTheTerminalDoesNotReachIt() throws Exception {
        Path setsid = EbpfPreflight.executable("setsid");
        SystemTests.require(setsid != null, "setsid (util-linux) is not installed");
        BpftraceProcess run = BpftraceProcess.start(follower().toString(), List.of(), Map.of(), setsid);
        long keeper = run.keeperPid();
        try {
            long self = ProcessHandle.current().pid();
            // A terminal's SIGINT goes to its foreground process group, in the JVM's session.
            assertThat(eventually(() -> statField(keeper, SESSION) == keeper)).as("a session of its own").isTrue();
            assertThat(statField(keeper, SESSION)).isNotEqualTo(statField(self, SESSION));
            assertThat(statField(keeper, GROUP)).isNotEqualTo(statField(self, GROUP));
        } finally {
            assertThat(run.end(Duration.ofSeconds(60))).as("the follower ended with the keeper").isTrue();
        }
        assertThat(eventually(() -> ProcessHandle.of(keeper).map(p -> !p.isAlive()).orElse(true))).isTrue();
    }

    @Test
    void withoutSetsidTheKeeperIgnoresSigintYetEndsWhenItsInputCloses() throws Exception {
        BpftraceProcess run = BpftraceProcess.start(follower().toString(), List.of(), Map.of(), null);
        long keeper = run.keeperPid();
        assertThat(eventually(() -> comm(keeper).equals("cat"))).as("the shell became cat, its trap set").isTrue();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(keeper)).start().waitFor()).isZero();
        Thread.sleep(300);
        assertThat(ProcessHandle.of(keeper).map(ProcessHandle::isAlive)).as("SIGINT did not end it").contains(true);
        assertThat(run.process().isAlive()).isTrue();
        assertThat(run.end(Duration.ofSeconds(60))).as("closing its input ended it, and the follower").isTrue();
    }

    @Test
    void theKeeperIsCatInItsOwnSessionOrAShellIgnoringTerminalSignals() {
        assertThat(BpftraceProcess.keeperArgv(Path.of("/usr/bin/setsid"))).containsExactly("/usr/bin/setsid", "--wait", "cat");
        assertThat(BpftraceProcess.keeperArgv(null)).containsExactly("sh", "-c", "trap '' INT QUIT; exec cat");
    }

    private static final int GROUP = 5;
    private static final int SESSION = 6;

    /** Field {@code n} (counted from 1, as in proc(5)) of {@code /proc/PID/stat}, or -1 when the process is gone. */
    private static long statField(long pid, int n) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[n - 3]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Whether {@code condition} holds within 5 s. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A stand-in for bpftrace: like bpftrace -p, runs until the process it follows is gone. */
    private Path follower() throws Exception {
        return script("follower", "while kill -0 \"$2\" 2>/dev/null; do sleep 0.05; done\n");
    }

    private Path script(String name, String body) throws Exception {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
