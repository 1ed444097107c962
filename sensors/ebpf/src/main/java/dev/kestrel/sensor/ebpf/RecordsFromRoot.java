package dev.kestrel.sensor.ebpf;

/**
 * Whether a runtime's record of a container's cgroup has held a process's whole cgroup path from the true root.
 * Once one has, the runtimes record from the host's root, and a record found only below other names is refused.
 * Thread-safe.
 *
 * <p>One per sensor, shared by all its {@link ContainerIdentity} instances. A runtime in its own cgroup namespace
 * (containerd in a kind node) records paths from that namespace's root: none ever matches from the host's root,
 * so a process path holding the record below other names keeps the container there. The paths the program prints
 * are from the true root. /proc shows paths from the root of the sensor's own cgroup namespace, which is the true
 * root only when the sensor's own cgroup, as /proc shows it, is the one the program printed for the sensor's check
 * process ({@link #procPathsSeen}); a /proc path that matched a record before that is counted then.
 */
final class RecordsFromRoot {

    private volatile boolean matched;
    private volatile boolean matchedInProc;
    private volatile boolean procFromRoot;

    /** Notes that a record held a whole path the program printed from the true root. */
    void matched() {
        matched = true;
    }

    /** Notes that a record held a whole /proc path from its namespace's root: a match from the true root if that is it. */
    void matchedInProc() {
        matchedInProc = true;
        if (procFromRoot) {
            matched = true;
        }
    }

    /**
     * The sensor's own cgroup as the program printed it whole ({@code printed}, for a process the sensor started) and
     * as /proc shows it ({@code proc}): /proc's paths are from the true root when the two are the same path.
     */
    void procPathsSeen(String printed, String proc) {
        if (printed != null && printed.equals(proc) && RecordedCgroups.clean(printed)) {
            procFromRoot = true;
            if (matchedInProc) {
                matched = true;
            }
        }
    }

    /** Whether /proc's paths are known to be from the true root. */
    boolean procFromRoot() {
        return procFromRoot;
    }

    /** Whether a record ever held a whole path from the root. */
    boolean matchedOnce() {
        return matched;
    }
}
