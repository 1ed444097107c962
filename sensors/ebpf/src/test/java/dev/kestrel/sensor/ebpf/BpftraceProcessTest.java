package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

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

    private Path script(String name, String body) throws Exception {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
