package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long stopping waits for bpftrace: long enough for the kernel to detach every probe. */
class EbpfSourceStopTest {

    @Test
    void theWaitGrowsWithTheProbesBpftraceAttached() {
        assertThat(BpftraceRun.stopWait(0)).isEqualTo(Duration.ofSeconds(10));
        // Falco's rules attach 53 probes (2026-11-30), every event type more; about 70 ms each were measured
        assertThat(BpftraceRun.stopWait(102)).isEqualTo(Duration.ofMillis(10_000 + 102 * 250))
                .isGreaterThan(Duration.ofMillis(102 * 70 * 3));
    }

    @Test
    void theWaitIsBoundedWhateverTheCountSays() {
        assertThat(BpftraceRun.stopWait(Integer.MAX_VALUE)).isEqualTo(BpftraceRun.stopWait(1_000))
                .isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(BpftraceRun.stopWait(-5)).isEqualTo(Duration.ofSeconds(10));
    }
}
