package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watched command never outlives the sensor, and its status is known once it was ended. */
class WatchedCommandTest {

    @Test
    void aCommandThatIgnoresSigtermIsKilledAfterTheGraceAndSaysSo() throws Exception {
        WatchedCommand c = WatchedCommand.start(List.of("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"));
        Thread.sleep(300);  // its trap is set
        long before = System.nanoTime();
        c.end(Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(c.exitStatus()).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void aCommandEndedBySigtermReportsItAtOnce() throws Exception {
        WatchedCommand c = WatchedCommand.start(List.of("sleep", "30"));
        assertThat(c.exitStatus()).as("running").isEqualTo(-1);
        c.end(WatchedCommand.TERM_GRACE);
        assertThat(c.exitStatus()).as("128 + SIGTERM").isEqualTo(143);
    }

    @Test
    void endingACommandThatExitedChangesNothing() throws Exception {
        WatchedCommand c = WatchedCommand.start(List.of("sh", "-c", "exit 3"));
        assertThat(c.waitFor(Duration.ofSeconds(10))).isTrue();
        c.end(WatchedCommand.TERM_GRACE);
        assertThat(c.exitStatus()).isEqualTo(3);
    }

    /** A shell's background job once outlived the sensor: only the shell was signalled. */
    @Test
    void theJobsACommandStartedAreEndedWithIt() throws Exception {
        WatchedCommand c = WatchedCommand.start(List.of("sh", "-c", "sleep 1000 & wait"));
        java.util.Optional<ProcessHandle> job = java.util.Optional.empty();
        for (int i = 0; i < 100 && job.isEmpty(); i++) {
            Thread.sleep(50);
            job = ProcessHandle.allProcesses().filter(h -> h.parent().map(ProcessHandle::pid).orElse(-1L) == c.pid())
                    .findFirst();
        }
        ProcessHandle sleep = job.orElseThrow();
        c.end(Duration.ofSeconds(2));
        assertThat(sleep.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(c.exitStatus()).isNotEqualTo(-1);
    }
}
