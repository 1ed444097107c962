package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor's cgroup namespace is the host's when its link in /proc is pid 1's. */
class CgroupNamespaceTest {

    @TempDir
    Path proc;

    /** Writes the cgroup namespace links of the sensor ({@code self}) and of pid 1 into a fake /proc. */
    static void namespaces(Path proc, String self, String init) throws IOException {
        Files.createSymbolicLink(Files.createDirectories(proc.resolve("self/ns")).resolve("cgroup"), Path.of(self));
        Files.createSymbolicLink(Files.createDirectories(proc.resolve("1/ns")).resolve("cgroup"), Path.of(init));
    }

    @Test
    void theSameLinkAsPidOnesIsTheHostsNamespace() throws IOException {
        namespaces(proc, "cgroup:[4026531835]", "cgroup:[4026531835]");
        assertThat(CgroupNamespace.sharedWithHost(proc)).isTrue();
    }

    @Test
    void anotherLinkOrNoneIsNot() throws IOException {
        assertThat(CgroupNamespace.sharedWithHost(proc)).as("no links").isFalse();
        namespaces(proc, "cgroup:[4026532801]", "cgroup:[4026531835]");
        assertThat(CgroupNamespace.sharedWithHost(proc)).as("a pod's own namespace").isFalse();
    }
}
