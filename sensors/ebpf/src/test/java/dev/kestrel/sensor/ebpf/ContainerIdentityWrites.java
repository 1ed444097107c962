package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cgroup-name check's tests share: cgroups named as the program names them, execs and /proc snapshots
 * written through an {@link EventWriter}, and what it wrote, one line each.
 */
abstract class ContainerIdentityWrites {

    /** Fake runc roots. */
    @TempDir
    Path root;

    /** A fake /proc. */
    @TempDir
    Path proc;

    final CgroupNames cgroups = new CgroupNames(100, 1 << 20);
    /** What the writer wrote: container and pod metadata, execs and snapshots with their container. */
    final List<String> written = new ArrayList<>();
    private long nextCgroup;

    /** A writer reading {@code controller}'s hierarchy (v2: ""), the containers' state from {@link #root}. */
    EventWriter writer(String controller) {
        return writer(controller, new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100));
    }

    EventWriter writer(String controller, OciRuntimeMetadata metadata) {
        return new EventWriter(0, cgroups, controller, metadata, proc, () -> 0L, new LocalAddresses(List.of()));
    }

    /**
     * Names cgroup {@code path} as the program does (itself first, then its ancestors up to the root; only the
     * 10 nearest are kept); its id.
     */
    long cgroup(String path) {
        long id = ++nextCgroup;
        String[] names = path.substring(1).split("/");
        for (int i = names.length - 1, level = 0; i >= 0; i--, level++) {
            cgroups.name(id, level, names[i]);
        }
        cgroups.name(id, names.length, "");
        return id;
    }

    /** An exec of {@code sh -c id} by process {@code pid} in cgroup {@code cgroup}, written by {@code writer}. */
    void exec(EventWriter writer, long pid, long cgroup) {
        writer.write(new SensorRecord.Exec(pid * 1_000, pid, pid, 1, 0, 0, 0, -1, 0, cgroup, 0, 0, 0, 0, -1,
                SensorRecord.ExeFile.UNKNOWN, "sh", "/bin/sh", List.of("sh", "-c", "id"), false, false, false), this::record);
    }

    /** Process {@code pid} as the /proc bootstrap reads it, with {@code cgroupLines} (its container as /proc names it). */
    static SensorRecord.Snapshot snapshot(long pid, String... cgroupLines) {
        List<String> lines = List.of(cgroupLines);
        return new SensorRecord.Snapshot(new ProcEntry(pid, 1, "sh", "/bin/sh", List.of("sh"), "/", 0, pid, pid, ProcStatus.ofIds(0, 0),
                -1, lines, CgroupContainerId.fromCgroupFile(lines), 1_000_000_000L, List.of(pid), false, false), List.of());
    }

    /** Notes {@code e} in {@link #written}. */
    void record(Event e) {
        if (e.type() == EventType.CONTAINER_METADATA) {
            written.add("container " + e.container().id());
        } else if (e.type() == EventType.POD_METADATA) {
            written.add("pod " + e.pod().name());
        } else if (e.type() == EventType.EXECVE) {
            written.add("execve " + e.tid() + " in " + e.text(EventType.EXECVE.slot("container_id")));
        } else if (e.type() == EventType.PROCESS_SNAPSHOT) {
            written.add("snapshot " + e.process().pid() + " in " + e.process().containerId());
        }
    }

    /** The execs and snapshots {@link #written}, without the metadata. */
    List<String> processes() {
        return written.stream().filter(line -> line.startsWith("execve ") || line.startsWith("snapshot ")).toList();
    }
}
