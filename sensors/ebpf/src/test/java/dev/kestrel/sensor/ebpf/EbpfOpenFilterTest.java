package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Live, as root: the shared sensor leaves in the kernel the opens Falco's rules cannot match (a read of
 * /etc/hostname), yet every spelling of a sensitive path that the kernel cannot judge by its prefix
 * still reaches the rules, and so does a relative open through a directory fd.
 */
class EbpfOpenFilterTest extends LiveSensorTest {

    /** A path in the test's directory named by its marker (cat fails on it, after reading the file before it). */
    private String missing() {
        return work.resolve(marker).toString();
    }

    private Alert sensitiveRead(String command) throws InterruptedException {
        return sensor.await(a -> a.rule().equals("Read sensitive file untrusted") && a.output().contains("command=" + command));
    }

    @Test
    void theRulesNeedOnlySomeReadsAndTheSensorLeavesTheRestInTheKernel() throws Exception {
        assertThat(sensor.source.tracedTypes()).contains(EventType.OPENAT);
        assertThat(sensor.kestrel.openPathFilter().prefixes(0)).contains("/etc/shadow").doesNotContain("/etc/hostname");
        assertThat(fivePlainReadsLeftInKernel()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aPlainSensitivePathReachesTheRules() throws Exception {
        LiveSensor.run("cat", "/etc/shadow", missing());
        assertThat(sensitiveRead("cat /etc/shadow " + missing()).output()).contains("file=/etc/shadow ");
    }

    @Test
    void aDoubledSlashIsKeptAndNormalised() throws Exception {
        LiveSensor.run("cat", "/etc//shadow", missing());
        assertThat(sensitiveRead("cat /etc//shadow " + missing()).output()).contains("file=/etc/shadow ");
    }

    @Test
    void dotDotComponentsAreKeptAndNormalised() throws Exception {
        // as many levels up as the test's directory is deep: the root
        String path = work + "/..".repeat(work.getNameCount()) + "/etc/shadow";
        LiveSensor.run("cat", path, missing());
        assertThat(sensitiveRead("cat " + path + " " + missing()).output()).contains("file=/etc/shadow ");
        Alert traversal = sensor.await(a -> a.rule().equals("Directory traversal monitored file read")
                && a.output().contains(missing()));
        assertThat(traversal.output()).contains("/etc/shadow");
    }

    @Test
    void aRelativePathIsKeptAndResolvedAgainstTheWorkingDirectory() throws Exception {
        LiveSensor.run("sh", "-c", "cd /etc && exec cat shadow " + missing());
        assertThat(sensitiveRead("cat shadow " + missing()).output()).contains("file=/etc/shadow ");
    }

    @Test
    void aDirectoryFdIsKeptSoAnOpenRelativeToItIsResolved() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "python3 is not installed (it makes the openat calls)");
        String script = "import os, sys\n"
                + "d = os.open('/etc', os.O_RDONLY)\n"
                + "os.close(os.open('shadow', os.O_RDONLY, dir_fd=d))\n";
        assertThat(LiveSensor.run("python3", "-c", script, missing())).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Read sensitive file untrusted") && x.output().contains(missing()));
        assertThat(a.output()).contains("file=/etc/shadow ");
    }
}
