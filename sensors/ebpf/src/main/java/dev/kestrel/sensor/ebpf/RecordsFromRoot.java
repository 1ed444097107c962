package dev.kestrel.sensor.ebpf;

/**
 * Whether a runtime's record of a container's cgroup has held a process's whole cgroup path from the root. Once
 * one has, the runtimes record from the host's root, and a record found only below other names is refused. Thread-safe.
 *
 * <p>One per sensor, shared by all its {@link ContainerIdentity} instances. A runtime in its own cgroup namespace
 * (containerd in a kind node) records paths from that namespace's root: none ever matches from the host's root,
 * so a process path holding the record below other names keeps the container there. On a node whose runtime
 * runs in the host's cgroup namespace, the first exec in any recorded container matches from the root, and so
 * does the /proc bootstrap when the sensor shares that namespace ({@link CgroupNamespace}); before it, a cgroup built to hold a container's record below other names still gets that container.
 */
final class RecordsFromRoot {

    private volatile boolean matched;

    /** Notes that a record held a whole path from the root. */
    void matched() {
        matched = true;
    }

    /** Whether a record ever held a whole path from the root. */
    boolean matchedOnce() {
        return matched;
    }
}
