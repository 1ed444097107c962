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
}
