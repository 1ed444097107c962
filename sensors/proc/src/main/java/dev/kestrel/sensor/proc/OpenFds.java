package dev.kestrel.sensor.proc;

import dev.kestrel.core.event.FdSnapshot;
import java.util.List;
import java.util.Map;

/**
 * The open fds a {@link OpenFdScanner} found, by process id, each process's in fd order, with the
 * counts of what it left out. Immutable.
 */
public record OpenFds(Map<Long, List<FdSnapshot>> byPid, FdScanCounts counts) {

    public OpenFds {
        byPid = Map.copyOf(byPid);
    }

    /** The fds of {@code pid}, in fd order; empty when none were found. */
    public List<FdSnapshot> of(long pid) {
        return byPid.getOrDefault(pid, List.of());
    }
}
