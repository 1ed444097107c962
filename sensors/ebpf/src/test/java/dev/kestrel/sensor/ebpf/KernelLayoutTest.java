package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's list of possible CPUs, which sizes every per-CPU queue and counter of the program, and its inode times' fields. */
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

    /** Each kernel names an inode's times its own way: a wrong name and bpftrace refuses the whole program. */
    @Test
    void theInodeTimesFollowTheKernelsRelease(@TempDir Path dir) throws Exception {
        Path release = Files.createDirectories(dir.resolve("sys/kernel")).resolve("osrelease");
        String[][] cases = {
            {"5.15.0-91-generic", "TIMESPECS"}, {"6.6.30", "CTIME_RENAMED"}, {"6.7.1", "RENAMED"},
            {"6.10.14-arch1", "RENAMED"}, {"6.11.0", "SPLIT"}, {"6.18.44-fc-v669", "SPLIT"},
        };
        for (String[] c : cases) {
            Files.writeString(release, c[0] + "\n");
            assertThat(KernelLayout.InodeTimes.of(dir)).as(c[0]).hasToString(c[1]);
        }
        assertThat(KernelLayout.InodeTimes.SPLIT.nanos("$in", true))
                .isEqualTo("((uint64)$in->i_ctime_sec * 1000000000 + ((uint64)$in->i_ctime_nsec & 0x3fffffff))");
        assertThat(KernelLayout.InodeTimes.RENAMED.nanos("$in", false))
                .isEqualTo("((uint64)$in->__i_mtime.tv_sec * 1000000000 + (uint64)$in->__i_mtime.tv_nsec)");
        assertThat(KernelLayout.InodeTimes.CTIME_RENAMED.nanos("$in", false)).contains("$in->i_mtime.tv_sec");
        assertThat(KernelLayout.InodeTimes.TIMESPECS.nanos("$in", true)).contains("$in->i_ctime.tv_nsec");
    }

    /** The BTF's names decide over the release number: a kernel may carry changes from later releases. */
    @Test
    void theInodeTimesFollowTheBtfsNames(@TempDir Path dir) throws Exception {
        Path release = Files.createDirectories(dir.resolve("sys/kernel")).resolve("osrelease");
        Files.writeString(release, "5.14.0-503.el9\n");
        Path btf = dir.resolve("vmlinux");
        Files.write(btf, "\0inode\0i_mode\0i_ctime_sec\0i_ctime_nsec\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(KernelLayout.InodeTimes.of(btf, dir)).isEqualTo(KernelLayout.InodeTimes.SPLIT);
        Files.write(btf, "\0__i_ctime\0__i_mtime\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(KernelLayout.InodeTimes.of(btf, dir)).isEqualTo(KernelLayout.InodeTimes.RENAMED);
        Files.write(btf, "\0__i_ctime\0i_mtime\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(KernelLayout.InodeTimes.of(btf, dir)).isEqualTo(KernelLayout.InodeTimes.CTIME_RENAMED);
        Files.write(btf, "\0i_ctime_nsecs_x\0xi_ctime_sec\0i_ctime\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(KernelLayout.InodeTimes.of(btf, dir)).as("only whole names count").isEqualTo(KernelLayout.InodeTimes.TIMESPECS);
        assertThat(KernelLayout.InodeTimes.of(dir.resolve("missing"), dir)).as("no BTF: the release").isEqualTo(KernelLayout.InodeTimes.TIMESPECS);
    }
}
