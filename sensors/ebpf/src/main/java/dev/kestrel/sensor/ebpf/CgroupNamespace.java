package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the sensor sees cgroup paths in /proc as the host does: its cgroup namespace is pid 1's. Then /proc
 * shows whole paths from the true root; else they are relative to a namespace whose root may be any cgroup.
 */
final class CgroupNamespace {

    private CgroupNamespace() {
    }

    /** Whether {@code proc/self}'s cgroup namespace is {@code proc/1}'s (false when either cannot be read). */
    static boolean sharedWithHost(Path proc) {
        try {
            String own = Files.readSymbolicLink(proc.resolve("self/ns/cgroup")).toString();
            return own.startsWith("cgroup:") && own.equals(Files.readSymbolicLink(proc.resolve("1/ns/cgroup")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
