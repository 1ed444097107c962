package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live test on the shared {@link LiveSensor}: each test gets the sensor, a fresh directory and a
 * marker unique to the test ({@code kestrel-live-...}, which the live test rules look for in
 * command lines) to tell its own alerts from everything else the host does.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(LiveSensor.Context.class)
abstract class LiveSensorTest {

    private static final AtomicInteger SERIAL = new AtomicInteger();

    @TempDir
    Path work;

    LiveSensor sensor;
    String marker;

    @BeforeEach
    void start(ExtensionContext context) {
        sensor = chooseSensor(context);
        marker = "kestrel-live-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime());
    }

    /** How many opens the sensor left in the kernel so far, as its counters last said. */
    long leftInKernel() {
        return sensor.source.counters().skipped().getOrDefault(EbpfSource.OPENS_LEFT_IN_KERNEL, 0L);
    }

    /**
     * Runs {@code cat /etc/hostname} five times, a read no loaded rule can match, and waits (bounded)
     * until the kernel's counters, printed every second, count them; the count then.
     */
    long fivePlainReadsLeftInKernel() throws Exception {
        long before = leftInKernel();
        for (int i = 0; i < 5; i++) {
            assertThat(LiveSensor.run("cat", "/etc/hostname")).isZero();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (leftInKernel() < before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return leftInKernel() - before;
    }

    /** The sensor the class's tests run on: the shared one unless a class says otherwise. */
    LiveSensor chooseSensor(ExtensionContext context) {
        return LiveSensor.get(context);
    }
}
