package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's list of possible CPUs, which sizes every per-CPU queue and counter of the program. */
class KernelLayoutTest {

    @Test
    void thePossibleCpusAreOneMoreThanTheHighestListed(@TempDir Path dir) throws Exception {
        Path possible = dir.resolve("possible");
        Files.writeString(possible, "0-3,5\n");
        assertThat(KernelLayout.possibleCpus(possible)).isEqualTo(6);
        Files.writeString(possible, "0\n");
        assertThat(KernelLayout.possibleCpus(possible)).isEqualTo(1);
    }

    /**
     * Unreadable, the list is not guessed from the JVM's processor count (which follows affinity and
     * quotas): a CPU the program did not know would keep its records queued for good.
     */
    @Test
    void anUnreadableOrMalformedListIsNotGuessed(@TempDir Path dir) throws Exception {
        assertThat(KernelLayout.possibleCpus(dir.resolve("missing"))).isEqualTo(-1);
        Path possible = dir.resolve("possible");
        Files.writeString(possible, "all of them\n");
        assertThat(KernelLayout.possibleCpus(possible)).isEqualTo(-1);
        Files.writeString(possible, "");
        assertThat(KernelLayout.possibleCpus(possible)).isEqualTo(-1);
    }
}
