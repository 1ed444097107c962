package dev.kestrel.sensor.ebpf;

import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.v1;
import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.writeState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cgroup-name check at its edges: a sensor sharing a kind node's cgroup namespace, a cgroup exactly as deep as the printed names. */
class ContainerIdentityEdgesTest extends ContainerIdentityWrites {

    private static final String B = "b1b2b3b4b5b6" + "0".repeat(52);
    private static final String NODE = "c".repeat(64);

    /**
     * The sensor shares the cgroup namespace of a runtime that runs in a namespace of its own: a privileged DaemonSet
     * pod in a kind node (containerd's CRI gives privileged containers no cgroup namespace of their own, so the pod
     * is in the node's), or a sensor run inside a docker-in-docker container: /proc shows a clean path, from that namespace's
     * root, which KnownCgroupPath takes as whole from the host's root. It matches the runtime's record "from the
     * root", RecordsFromRoot flips, and every path the program prints (from the real root: the node's cgroup above)
     * now holds the record only below other names and is refused: the pod's processes get the node's container.
     */
    @Test
    void aCleanProcPathInTheRuntimesOwnCgroupNamespaceIsNotAPathFromTheHostsRoot() throws Exception {
        String pod = "/kubelet/kubepods/besteffort/pod2222/" + B;
        writeState(root, B, "shop-b", v1(pod));
        EventWriter writer = writer("memory");
        // the bootstrap (or an UnseenProcesses read) of a pod's process, as /proc shows it in the node's namespace
        writer.write(snapshot(60, "4:memory:" + pod), this::record);
        // the same pod's next exec, as the program prints it: from the host's root
        exec(writer, 100, cgroup("/docker/" + NODE + pod));

        assertThat(processes()).containsExactly("snapshot 60 in b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6");
    }

    /**
     * A cgroup exactly PRINTED_LEVELS (10) names deep is printed without the root, so it is "cut" though every name
     * is known. Its process gone before /proc is read, the record from the root sits at the first known name (at 0),
     * which heldBy calls BELOW_OTHER_NAMES for a cut path: once any record matched from the root the legit container
     * is refused and the exec is the host's, while one level deeper (at < 0) it would be kept.
     */
    @Test
    void aContainersProcessExactlyTenNamesDeepAndGoneKeepsItsContainer() throws Exception {
        String own = "/kubepods/besteffort/pod2222/" + B;
        writeState(root, B, "shop-b", v1(own));
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup(own));  // a match from the root
        long ten = cgroup(own + "/a/b/c/d/e/f");
        assertThat(cgroups.complete(ten)).isFalse();
        exec(writer, 101, ten);  // no /proc/101: gone
        long eleven = cgroup(own + "/a/b/c/d/e/f/g");
        exec(writer, 102, eleven);

        assertThat(processes()).containsExactly("execve 100 in b1b2b3b4b5b6", "execve 101 in b1b2b3b4b5b6",
                "execve 102 in b1b2b3b4b5b6");
    }
}
