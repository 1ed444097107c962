package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: the shared sensor leaves in the kernel the opens Falco's rules cannot match (a read of
 * /etc/hostname), yet every spelling of a sensitive path that the kernel cannot judge by its prefix
 * still reaches the rules, and so does a relative open through a directory fd.
 */
@ExtendWith(LiveSensor.Context.class)
class EbpfOpenFilterTest {

    private static final AtomicInteger SERIAL = new AtomicInteger();

    @TempDir
    Path work;

    private LiveSensor sensor;
    private String marker;

    @BeforeEach
    void sensor(ExtensionContext context) {
        sensor = LiveSensor.get(context);
        marker = work.resolve("kestrel-open-" + SERIAL.incrementAndGet()).toString();
    }

    private Alert sensitiveRead(String command) throws InterruptedException {
        return sensor.await(a -> a.rule().equals("Read sensitive file untrusted") && a.output().contains("command=" + command));
    }

    @Test
    void theRulesNeedOnlySomeReadsAndTheSensorLeavesTheRestInTheKernel() throws Exception {
        assertThat(sensor.source.tracedTypes()).contains(dev.kestrel.core.event.EventType.OPENAT);
        assertThat(sensor.kestrel.openPathFilter().prefixes(0)).contains("/etc/shadow").doesNotContain("/etc/hostname");
        long before = leftInKernel();
        for (int i = 0; i < 5; i++) {
            assertThat(LiveSensor.run("cat", "/etc/hostname")).isZero();
        }
        // The kernel's counters are printed every second.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (leftInKernel() < before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(leftInKernel()).isGreaterThanOrEqualTo(before + 5);
    }

    private long leftInKernel() {
        return sensor.source.counters().skipped().getOrDefault(EbpfSource.OPENS_LEFT_IN_KERNEL, 0L);
    }

    @Test
    void aPlainSensitivePathReachesTheRules() throws Exception {
        LiveSensor.run("cat", "/etc/shadow", marker);
        assertThat(sensitiveRead("cat /etc/shadow " + marker).output()).contains("file=/etc/shadow ");
    }

    @Test
    void aDoubledSlashIsKeptAndNormalised() throws Exception {
        LiveSensor.run("cat", "/etc//shadow", marker);
        assertThat(sensitiveRead("cat /etc//shadow " + marker).output()).contains("file=/etc/shadow ");
    }

    @Test
    void dotDotComponentsAreKeptAndNormalised() throws Exception {
        // work is /tmp/<dir>: two levels up is the root
        String path = work + "/../../etc/shadow";
        LiveSensor.run("cat", path, marker);
        assertThat(sensitiveRead("cat " + path + " " + marker).output()).contains("file=/etc/shadow ");
        Alert traversal = sensor.await(a -> a.rule().equals("Directory traversal monitored file read")
                && a.output().contains(marker));
        assertThat(traversal.output()).contains("/etc/shadow");
    }

    @Test
    void aRelativePathIsKeptAndResolvedAgainstTheWorkingDirectory() throws Exception {
        LiveSensor.run("sh", "-c", "cd /etc && exec cat shadow " + marker);
        assertThat(sensitiveRead("cat shadow " + marker).output()).contains("file=/etc/shadow ");
    }

    @Test
    void aDirectoryFdIsKeptSoAnOpenRelativeToItIsResolved() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it makes the openat calls)");
        String script = "import os, sys\n"
                + "d = os.open('/etc', os.O_RDONLY)\n"
                + "os.close(os.open('shadow', os.O_RDONLY, dir_fd=d))\n";
        assertThat(LiveSensor.run("python3", "-c", script, marker)).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Read sensitive file untrusted") && x.output().contains(marker));
        assertThat(a.output()).contains("file=/etc/shadow ");
    }
}
