package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.SourceCounters;
import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Live, as root: the sensor stops while the host keeps starting programs. bpftrace detaches its
 * probes one by one, over seconds, so the execs of that window are seen in part: they are counted as
 * such, never as lines not understood nor as lost in the kernel.
 */
class EbpfStopWhileBusyLiveTest {

    @Test
    void execsDuringTheDetachAreCountedAsSeenInPartNotAsNotUnderstood() throws Exception {
        LiveSensor.requireEbpf();
        EbpfSource source = new EbpfSource(EbpfOptions.defaults());
        AtomicLong execs = new AtomicLong();
        source.start(e -> {
            if (e.type() == EventType.EXECVE) {
                execs.incrementAndGet();
            }
        });
        Process loop = new ProcessBuilder("sh", "-c", "while :; do /bin/true; done")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (execs.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            source.stop();
        } finally {
            loop.destroyForcibly();
            assertThat(loop.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        SourceCounters c = source.counters();
        assertThat(execs.get()).as("the loop's execs seen before the stop; sensor: %s", c).isGreaterThanOrEqualTo(200);
        assertThat(source.failure()).isNull();
        assertThat(c.unparsed()).as("sensor: %s", c).isEmpty();
        assertThat(source.lost()).as("sensor: %s", c).isZero();
        assertThat(c.skipped()).as("sensor: %s", c).doesNotContainKey(EbpfSource.END_CUT_OFF);
    }
}
