package dev.kestrel.sensor.ebpf;

import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.v1;
import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.v2;
import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.writeState;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A process that may make cgroups names one after another container: runc's own record of each container's
 * cgroup (state.json's {@code cgroup_paths}) decides which container the process is really in. Fake runc roots.
 */
class ContainerIdentityTest extends ContainerIdentityWrites {

    private static final String A = "a1a2a3a4a5a6" + "0".repeat(52);
    private static final String B = "b1b2b3b4b5b6" + "0".repeat(52);
    private static final String A_CGROUP = "/kubepods/besteffort/pod1111/" + A;
    private static final String B_CGROUP = "/kubepods/besteffort/pod2222/" + B;
    private static final String SPOOF_IN_A = A_CGROUP + "/cri-containerd-" + B + ".scope";
    private static final String A_V2 = "/system.slice/docker-" + A + ".scope";
    private static final String B_V2 = "/system.slice/docker-" + B + ".scope";

    /** A writer of the v2 hierarchy, A and B's runc states recording {@link #A_V2} and {@link #B_V2}. */
    private EventWriter writerOfV2Records() throws IOException {
        writeState(root, A, "shop-a", v2(A_V2));
        writeState(root, B, "shop-b", v2(B_V2));
        return writer("");
    }

    @Test
    void aCgroupNamedAfterAnotherContainerInsideAContainerLeavesItsProcessInItsOwn() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup(B_CGROUP));
        exec(writer, 101, cgroup(B_CGROUP + "/worker"));
        exec(writer, 102, cgroup(SPOOF_IN_A));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "execve 101 in b1b2b3b4b5b6", "pod shop-a", "container a1a2a3a4a5a6", "execve 102 in a1a2a3a4a5a6");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 1L);
    }

    @Test
    void aHostProcessInACgroupNamedAfterAContainerIsTheHosts() throws Exception {
        writeState(root, B, "shop-b", v1(B_CGROUP));
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup("/fake/docker-" + B + ".scope"));

        assertThat(written).containsExactly("execve 100 in host");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 1L);
    }

    /**
     * A runtime in its own cgroup namespace (containerd in a kind node) records its containers' cgroups from that
     * namespace's root: the process's whole path holds the record below the node's own cgroup. The container is
     * kept, counted; a cgroup named after it elsewhere is still refused.
     */
    @Test
    void aRuntimeInItsOwnCgroupNamespaceRecordsPathsBelowOtherNamesWhichAreCountedNotRefused() throws Exception {
        String node = "/system.slice/docker-" + "c".repeat(64) + ".scope";
        writeState(root, B, "shop-b", v1(B_CGROUP));
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup(node + B_CGROUP));
        exec(writer, 101, cgroup(node + "/kubepods/besteffort/pod9999/" + B));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "execve 101 in cccccccccccc");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.FROM_ANOTHER_ROOT, 1L)
                .containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 1L);
    }

    @Test
    void belowIsNameByNameNotCharacterByCharacter() throws Exception {
        writeState(root, B, "shop-b", v1("/pods/" + B));
        EventWriter writer = writer("memory");
        // "/pods/<B>-debug/..." starts with the characters of "/pods/<B>" and is not below it
        exec(writer, 100, cgroup("/pods/" + B + "-debug/docker-" + B + ".scope"));
        exec(writer, 101, cgroup("/pods/" + B + "/debug"));

        assertThat(written).containsExactly("execve 100 in host", "pod shop-b", "container b1b2b3b4b5b6",
                "execve 101 in b1b2b3b4b5b6");
    }

    @Test
    void cgroupV2RecordsAreReadToo() throws Exception {
        EventWriter writer = writerOfV2Records();
        exec(writer, 100, cgroup(A_V2 + "/docker-" + B + ".scope"));
        exec(writer, 101, cgroup(B_V2));

        assertThat(written).containsExactly("pod shop-a", "container a1a2a3a4a5a6", "execve 100 in a1a2a3a4a5a6",
                "pod shop-b", "container b1b2b3b4b5b6", "execve 101 in b1b2b3b4b5b6");
    }

    /** Today's behaviour, kept where the runtime recorded nothing the process could be compared with. */
    @Test
    void aContainerWhoseStateRecordsNoCgroupIsTakenByItsName() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", null);
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup(SPOOF_IN_A));
        // a v2 record, while the sensor reads v1's memory hierarchy: nothing to compare with either
        Path v2Root = Files.createDirectories(root.resolve("v2"));
        writeState(v2Root, B, "shop-b", v2(B_CGROUP));
        EventWriter other = writer("memory", new OciRuntimeMetadata(List.of(v2Root), Duration.ofHours(1), 100));
        exec(other, 101, cgroup(SPOOF_IN_A));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "pod shop-b", "container b1b2b3b4b5b6", "execve 101 in b1b2b3b4b5b6");
        assertThat(writer.notes()).doesNotContainKey(ContainerIdentity.NOT_ITS_CONTAINER);
    }

    /** What a bundle says is the bundle maker's word, not the runtime's: it is not checked, as before. */
    @Test
    void aContainerKnownOnlyFromItsBundleIsTakenByItsName() throws Exception {
        OciRuntimeMetadata metadata = OciRuntimeMetadataBundleTest.knowingOnlyTheBundle(root, B, proc.resolve("bundle"));
        exec(writer("memory", metadata), 100, cgroup("/fake/docker-" + B + ".scope"));

        assertThat(written).containsExactly("pod coredns-0", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6");
    }

    /** crun records one path from every hierarchy's root in its status file (here {@code /kubepods/besteffort/pod0f0e0d0c/crio-<id>}). */
    @Test
    void crunsRecordIsCheckedInEveryHierarchy() throws Exception {
        CrunStateTest.writeState(root, B, proc.resolve("no-bundle"), "2025-03-04T05:06:07.123456Z", "{}");
        String own = "/kubepods/besteffort/pod0f0e0d0c/crio-" + B;
        for (String controller : List.of("memory", "")) {
            written.clear();
            EventWriter writer = writer(controller);
            exec(writer, 100, cgroup(own + "/crio-" + B + ".scope"));
            exec(writer, 101, cgroup("/fake/crio-" + B + ".scope"));

            assertThat(written).as(controller).containsExactly("container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                    "execve 101 in host");
            assertThat(writer.notes()).as(controller).containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 1L);
        }
    }

    /**
     * A runtime that recorded a cgroup below the one named after the container (crun's {@code libpod-<id>.scope/container}
     * under systemd): the container's processes anywhere in the named cgroup are its own.
     */
    @Test
    void aRecordBelowTheContainersNamedCgroupCountsFromThatName() throws Exception {
        String scope = "/machine.slice/libpod-" + B + ".scope";
        writeState(root, B, "shop-b", v1(scope + "/container"));
        EventWriter writer = writer("memory");
        exec(writer, 100, cgroup(scope));
        exec(writer, 101, cgroup(scope + "/container"));
        exec(writer, 102, cgroup("/user.slice/libpod-" + B + ".scope/container"));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "execve 101 in b1b2b3b4b5b6", "execve 102 in host");
    }

    /** The program prints a cgroup's 10 nearest names: below them, only /proc has what the record is compared with. */
    @Test
    void aPathCutAtThePrintedNamesIsComparedWhole() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        StringBuilder whole = new StringBuilder(A_CGROUP);
        for (int level = CgroupNames.PRINTED_LEVELS - 1; level >= 1; level--) {
            whole.append("/x").append(level);
        }
        whole.append("/cri-containerd-").append(B).append(".scope");
        long deep = cutCgroup(whole.toString());
        Files.writeString(Files.createDirectories(proc.resolve("100")).resolve("cgroup"),
                "12:pids:/\n4:memory:" + whole + "\n1:name=systemd:/\n");
        EventWriter writer = writer("memory");
        exec(writer, 100, deep);
        // the process gone: the names printed do not end B's record, and A's cgroup is above them
        exec(writer, 101, deep);

        assertThat(written).containsExactly("pod shop-a", "container a1a2a3a4a5a6", "execve 100 in a1a2a3a4a5a6",
                "execve 101 in host");
        assertThat(writer.notes()).containsKey("cgroup path cut at 10 names and the process gone: container judged from those names")
                .containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 2L);
    }

    /**
     * A cut path whose process is gone: its names are taken as the end of a path in or below the record, which
     * they are when they begin with the record's last names (or with all of them: a cgroup exactly as deep as
     * the printed names is printed without its root); a cut path holding the whole record below other names is
     * refused once a record held a whole path from the root. The names above the printed ones are not known, so
     * one built to begin with the record's names passes (103: the documented residual for short-lived processes).
     */
    @Test
    void aCutPathWhoseProcessIsGoneIsComparedByItsNamesWithTheEndOfTheRecord() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        EventWriter writer = writer("memory");
        exec(writer, 100, cutCgroup(B_CGROUP + "/n1/n2/n3/n4/n5/n6/n7/n8"));
        exec(writer, 101, cgroup(B_CGROUP));
        exec(writer, 102, cutCgroup(A_CGROUP + "/x" + B_CGROUP + "/n1/n2/n3/n4/n5"));
        exec(writer, 103, cutCgroup(A_CGROUP + B_CGROUP + "/n1/n2/n3/n4/n5/n6"));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "execve 101 in b1b2b3b4b5b6", "execve 102 in host", "execve 103 in b1b2b3b4b5b6");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 1L)
                .doesNotContainKey(ContainerIdentity.FROM_ANOTHER_ROOT);
    }

    /**
     * A runtime in the host's cgroup namespace records paths from the root: once one held a process's whole path,
     * a path holding a record below other names was built by someone allowed to make cgroups (in container A, or
     * a user with a delegated subtree), and is refused.
     */
    @Test
    void onceARecordHeldAWholePathFromTheRootOneHeldBelowOtherNamesIsRefused() throws Exception {
        EventWriter writer = writerOfV2Records();
        exec(writer, 100, cgroup(B_V2));
        exec(writer, 101, cgroup(A_V2 + B_V2));
        exec(writer, 102, cgroup("/user.slice/user-1000.slice/user@1000.service/app.slice" + B_V2));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "pod shop-a", "container a1a2a3a4a5a6", "execve 101 in a1a2a3a4a5a6", "execve 102 in host");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 2L)
                .doesNotContainKey(ContainerIdentity.FROM_ANOTHER_ROOT);
    }

    /** What one of the sensor's identities saw (the reading thread's) holds for the writer's too. */
    @Test
    void aWholePathHeldFromTheRootIsSharedByTheSensorsIdentities() throws Exception {
        writeState(root, B, "shop-b", v1(B_CGROUP));
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100);
        RecordsFromRoot fromRoot = new RecordsFromRoot();
        ContainerIdentity reading = new ContainerIdentity("memory", c -> metadata.lookup(c.fullId()), n -> { }, fromRoot);
        EventWriter writer = new EventWriter(0, cgroups, "memory", metadata, proc, () -> 0L, new LocalAddresses(List.of()), fromRoot);
        exec(writer, 100, cgroup("/kubelet.slice" + B_CGROUP));
        assertThat(reading.of(B_CGROUP).fullId()).isEqualTo(B);
        exec(writer, 101, cgroup("/kubelet.slice" + B_CGROUP));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "execve 100 in b1b2b3b4b5b6",
                "execve 101 in host");
    }

    @Test
    void aProcessReadFromProcAtTheStartIsCheckedAlike() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        writer("memory").write(snapshot(60, "12:pids:" + SPOOF_IN_A, "4:memory:" + SPOOF_IN_A, "0::/"), this::record);

        assertThat(written).containsExactly("pod shop-a", "container a1a2a3a4a5a6", "snapshot 60 in a1a2a3a4a5a6");
    }

    /**
     * A sensor in the host's cgroup namespace (a systemd service) reads whole paths from /proc, which it knows once
     * its own check process's cgroup, as the program printed it, is the one /proc shows for it. A /proc path that
     * matched a record before that counts then; after it, /proc paths are compared from the root: a process in A
     * inside a cgroup that rebuilds B's record is A's.
     */
    @Test
    void onceProcPathsAreKnownToBeFromTheRootAProcMatchClosesTheBelowOtherNamesWindow() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        RecordsFromRoot fromRoot = new RecordsFromRoot();
        EventWriter writer = new EventWriter(0, cgroups, "memory", new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100),
                proc, () -> 0L, new LocalAddresses(List.of()), fromRoot);
        writer.write(snapshot(70, "4:memory:" + B_CGROUP), this::record);
        assertThat(fromRoot.matchedOnce()).as("not yet known to be from the root").isFalse();
        fromRoot.procPathsSeen("/system.slice/kestrel.service", "/system.slice/kestrel.service");
        assertThat(fromRoot.matchedOnce()).as("the bootstrap's match counts now").isTrue();
        writer.write(snapshot(71, "4:memory:" + A_CGROUP + B_CGROUP), this::record);
        exec(writer, 72, cgroup(A_CGROUP + B_CGROUP));

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "snapshot 70 in b1b2b3b4b5b6",
                "pod shop-a", "container a1a2a3a4a5a6", "snapshot 71 in a1a2a3a4a5a6", "execve 72 in a1a2a3a4a5a6");
    }

    /** A sensor whose own cgroup /proc shows otherwise than the program printed it (a kind node's pod) keeps /proc paths as tails. */
    @Test
    void procPathsStayTailsWhenTheSensorsOwnCgroupIsShownOtherwise() {
        RecordsFromRoot fromRoot = new RecordsFromRoot();
        fromRoot.matchedInProc();
        fromRoot.procPathsSeen("/system.slice/docker-" + "c".repeat(64) + ".scope/kubelet.slice/kestrel.scope", "/kubelet.slice/kestrel.scope");
        assertThat(fromRoot.procFromRoot()).isFalse();
        assertThat(fromRoot.matchedOnce()).isFalse();
        fromRoot.procPathsSeen(null, "/kubelet.slice/kestrel.scope");
        assertThat(fromRoot.procFromRoot()).as("not printed whole: not known").isFalse();
    }

    /**
     * A sensor in a cgroup namespace of its own reads other processes' paths from /proc relative to it: the names
     * below the namespaces' common ancestor are compared with the end of the record.
     */
    @Test
    void aPathRelativeToAnotherCgroupNamespaceIsComparedByItsNamesBelowIt() throws Exception {
        writeState(root, A, "shop-a", v1(A_CGROUP));
        writeState(root, B, "shop-b", v1(B_CGROUP));
        EventWriter writer = writer("memory");
        writer.write(snapshot(61, "4:memory:/../.." + B_CGROUP), this::record);
        writer.write(snapshot(62, "4:memory:/../../besteffort/pod1111/" + A + "/cri-containerd-" + B + ".scope"), this::record);
        writer.write(snapshot(63, "4:memory:/../../../user.slice/cri-containerd-" + B + ".scope"), this::record);
        // an exec whose cgroup the program did not name: /proc's path
        Files.writeString(Files.createDirectories(proc.resolve("64")).resolve("cgroup"),
                "4:memory:/../besteffort/pod1111/" + A + "/docker-" + B + ".scope\n");
        exec(writer, 64, 999);

        assertThat(written).containsExactly("pod shop-b", "container b1b2b3b4b5b6", "snapshot 61 in b1b2b3b4b5b6",
                "pod shop-a", "container a1a2a3a4a5a6", "snapshot 62 in a1a2a3a4a5a6", "snapshot 63 in host",
                "execve 64 in a1a2a3a4a5a6");
        assertThat(writer.notes()).containsEntry(ContainerIdentity.RELATIVE_PATH, 4L)
                .containsEntry(ContainerIdentity.NOT_ITS_CONTAINER, 3L);
    }

    /** Names the 10 nearest names of {@code path}, deeper than that, as the program does; its id. */
    private long cutCgroup(String path) {
        assertThat(path.substring(1).split("/").length).isGreaterThan(CgroupNames.PRINTED_LEVELS);
        return cgroup(path);
    }
}
