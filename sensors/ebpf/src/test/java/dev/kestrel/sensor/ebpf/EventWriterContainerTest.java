package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container and pod records ahead of a container's execs: sent once, and again after {@link ContainerDescriptions.REDESCRIBE}. */
class EventWriterContainerTest {

    private static final String ID = "9c8b7a6f5e4d" + "1".repeat(52);
    private static final long CGROUP = 7;

    @TempDir
    Path root;

    @TempDir
    Path proc;

    private final List<String> written = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    private EventWriter writer() throws Exception {
        OciRuntimeMetadataWaitTest.writeState(root, ID, "web-7");
        return writer(new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100));
    }

    private EventWriter writer(OciRuntimeMetadata metadata) {
        CgroupNames cgroups = new CgroupNames(10, 1 << 20);
        String[] path = {ID, "pod0d9e8f7a-1111-2222-3333-444455556666", "besteffort", "kubepods", "memory"};
        for (int level = 0; level < path.length; level++) {
            cgroups.name(CGROUP, level, path[level]);
        }
        return new EventWriter(0, cgroups, "memory", metadata, proc, nanos::get, new LocalAddresses(List.of()));
    }

    private void exec(EventWriter writer, long pid) {
        writer.write(new SensorRecord.Exec(pid * 1_000, pid, pid, 1, 0, 0, 0, -1, 0, CGROUP, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "sh", "/bin/sh",
                List.of("sh", "-c", "id"), false, false, false), this::record);
    }

    private void record(Event e) {
        if (e.type() == EventType.CONTAINER_METADATA) {
            written.add("container " + e.container().id() + " " + e.container().podUid());
        } else if (e.type() == EventType.USER_METADATA) {
            written.add("user " + e.user().uid() + " " + e.user().name() + " of " + e.recordContainerId());
        } else if (e.type() == EventType.GROUP_METADATA) {
            written.add("group " + e.group().gid() + " " + e.group().name() + " of " + e.recordContainerId());
        } else if (e.type() == EventType.POD_METADATA) {
            written.add("pod " + e.pod().name());
        } else {
            written.add(e.type().name().toLowerCase() + " " + e.tid());
        }
    }

    /**
     * Cgroups nested below a container's own, deeper than the program prints, once read as the host's: every
     * container rule was evaded by {@code mkdir -p x0/.../x9} in a writable cgroup file system.
     */
    @Test
    void aCgroupNestedDeeperThanThePrintedNamesBelowAContainerIsThatContainers() throws Exception {
        OciRuntimeMetadataWaitTest.writeState(root, ID, "web-7");
        CgroupNames cgroups = new CgroupNames(10, 1 << 20);
        long deep = 8;
        for (int level = 0; level < CgroupNames.PRINTED_LEVELS; level++) {
            cgroups.name(deep, level, "x" + (CgroupNames.PRINTED_LEVELS - 1 - level));
        }
        StringBuilder nested = new StringBuilder("0::/kubepods/besteffort/pod0d9e8f7a-1111-2222-3333-444455556666/" + ID);
        for (int level = 0; level < CgroupNames.PRINTED_LEVELS; level++) {
            nested.append("/x").append(level);
        }
        Files.writeString(Files.createDirectories(proc.resolve("100")).resolve("cgroup"), nested + "\n");
        EventWriter writer = new EventWriter(0, cgroups, "memory", new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100),
                proc, nanos::get, new LocalAddresses(List.of()));
        List<Event> execs = new ArrayList<>();
        writer.write(new SensorRecord.Exec(1_000, 100, 100, 1, 0, 0, 0, -1, 0, deep, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "cat",
                "/bin/cat", List.of("cat", "/etc/shadow"), false, false, false), e -> {
                    if (e.type() == EventType.EXECVE) {
                        execs.add(e);
                    }
                });
        assertThat(execs).singleElement().satisfies(e -> assertThat(e.text(EventType.EXECVE.slot("container_id"))).isEqualTo("9c8b7a6f5e4d"));

        // the process gone: judged from the names read, and counted
        writer.write(new SensorRecord.Exec(2_000, 101, 101, 1, 0, 0, 0, -1, 0, deep, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "cat",
                "/bin/cat", List.of("cat", "/etc/shadow"), false, false, false), e -> { });
        assertThat(writer.notes()).containsKey("cgroup path cut at 10 names and the process gone: container judged from those names");
    }

    @Test
    void aContainersRecordsPrecedeItsFirstExecAndAreNotRepeatedForTheNext() throws Exception {
        EventWriter writer = writer();
        exec(writer, 100);
        exec(writer, 101);
        assertThat(written).containsExactly("pod web-7", "container 9c8b7a6f5e4d null", "execve 100", "execve 101");
    }

    @Test
    void aContainersRecordsAreSentAgainAfterTheRedescribeIntervalSoTheEngineGetsThemBack() throws Exception {
        EventWriter writer = writer();
        exec(writer, 100);
        nanos.addAndGet(ContainerDescriptions.REDESCRIBE.toNanos() - 1);
        exec(writer, 101);
        nanos.addAndGet(2);
        exec(writer, 102);
        assertThat(written).containsExactly("pod web-7", "container 9c8b7a6f5e4d null", "execve 100", "execve 101",
                "pod web-7", "container 9c8b7a6f5e4d null", "execve 102");
    }

    @Test
    void whatABundleSaidIsSentAgainOnceTheRuntimesStateIsReadAndThenNoMore() throws Exception {
        OciRuntimeMetadata metadata = OciRuntimeMetadataBundleTest.knowingOnlyTheBundle(root, ID, proc.resolve("bundle"));
        EventWriter writer = writer(metadata);
        exec(writer, 100);
        exec(writer, 101);
        OciRuntimeMetadataWaitTest.writeState(root, ID, "web-7");
        metadata.watch(ID, null);
        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> Optional.ofNullable(metadata.confirmed(ID)))).isPresent();
        exec(writer, 102);
        exec(writer, 103);

        assertThat(written).containsExactly("pod coredns-0", "container 9c8b7a6f5e4d null", "execve 100", "execve 101",
                "pod web-7", "container 9c8b7a6f5e4d null", "execve 102", "execve 103");
    }

    /**
     * A container's own accounts, read through its process's root once, before its first exec; a process
     * of the container whose root is still the host's (the runtime's own steps) gives none.
     */
    @Test
    void aContainersAccountsAreReadThroughItsProcesssRootOnce() throws Exception {
        Path host = Files.createDirectories(proc.resolve("host/etc"));
        Files.writeString(host.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33::/var/www:/bin/false\n");
        Path image = Files.createDirectories(proc.resolve("image/etc"));
        Files.writeString(image.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:4321:4321::/home/app:/bin/sh\n");
        Files.writeString(image.resolve("group"), "apps:x:4321:\n");
        for (String[] link : new String[][] {{"1", "host"}, {"99", "host"}, {"100", "image"}}) {
            Files.createDirectories(proc.resolve(link[0]));
            Files.createSymbolicLink(proc.resolve(link[0]).resolve("root"), proc.resolve(link[1]));
        }
        EventWriter writer = writer();
        exec(writer, 99);
        exec(writer, 100);
        exec(writer, 101);
        assertThat(written).containsExactly("pod web-7", "container 9c8b7a6f5e4d null", "execve 99",
                "user 0 root of 9c8b7a6f5e4d", "user 4321 app of 9c8b7a6f5e4d", "group 4321 apps of 9c8b7a6f5e4d", "execve 100",
                "execve 101");
    }
}
