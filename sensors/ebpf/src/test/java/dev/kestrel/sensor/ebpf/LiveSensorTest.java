package dev.kestrel.sensor.ebpf;

import java.nio.file.Path;
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
    void sensor(ExtensionContext context) {
        sensor = LiveSensor.get(context);
        marker = "kestrel-live-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime());
    }
}
