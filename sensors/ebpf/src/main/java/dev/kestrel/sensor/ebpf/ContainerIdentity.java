package dev.kestrel.sensor.ebpf;

import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The container of a process by its cgroup path: the deepest segment named like a container whose runtime's own
 * record of its cgroup ({@link RecordedCgroups}) holds the path, or says nothing; none such, the host. Immutable.
 *
 * <p>A process allowed to make cgroups can name one after another container ({@code .../cri-containerd-<B>.scope});
 * it is not in that container's recorded cgroup nor below it, so it keeps the container it really is in (one
 * higher up its path) or the host's. A container whose runtime recorded no cgroup (one known only from a
 * bundle, a runc state without {@code cgroup_paths}) is taken by its name, as before.
 */
final class ContainerIdentity {

    /** The note counted each time a segment's container is refused. */
    static final String NOT_ITS_CONTAINER = "cgroup named like a container the process is not in";
    /**
     * The note counted when the runtime recorded its container's cgroup from a deeper root than the host's (it
     * runs in its own cgroup namespace, as in a kind node), so the process's path holds the record only below
     * other names: the container is taken, the names above are not checked.
     */
    static final String FROM_ANOTHER_ROOT = "cgroup recorded by a runtime in another cgroup namespace: checked below its root only";
    /** The note counted when a path could not be compared with a runtime's record. */
    static final String NOT_COMPARED = "cgroup path relative to another cgroup namespace: container taken by its name";

    private final String controller;
    private final Function<ContainerRef, Optional<Found>> runtimeState;
    private final Consumer<String> note;

    /**
     * @param controller the controller whose hierarchy the paths are in ({@code memory}, or "" for cgroup v2)
     * @param runtimeState what is known of a container (no slower than the caller may be), empty when nothing
     * @param note counts what could not be checked, and each refused segment
     */
    ContainerIdentity(String controller, Function<ContainerRef, Optional<Found>> runtimeState, Consumer<String> note) {
        this.controller = controller;
        this.runtimeState = runtimeState;
        this.note = note;
    }

    /** The container of a process whose whole cgroup path, from its hierarchy's root, is {@code path}. */
    ContainerRef of(String path) {
        List<ContainerRef> candidates = CgroupContainerId.candidates(path);
        if (candidates.isEmpty()) {
            return CgroupContainerId.ON_HOST;
        }
        if (!RecordedCgroups.clean(path)) {
            // /proc shows a cgroup outside the reader's cgroup namespace as "/../..": not comparable
            note.accept(NOT_COMPARED);
            return candidates.get(0);
        }
        for (ContainerRef candidate : candidates) {
            String recorded = recorded(candidate);
            if (recorded == null || atOrBelow(path, recorded)) {
                return candidate;
            }
            if (belowFromAnotherRoot(path, recorded)) {
                note.accept(FROM_ANOTHER_ROOT);
                return candidate;
            }
            note.accept(NOT_ITS_CONTAINER);
        }
        return CgroupContainerId.ON_HOST;
    }

    /**
     * The container of a process by the lines of its {@code /proc/PID/cgroup}: the line of this controller's
     * hierarchy as {@link #of}; a file without one as {@link CgroupContainerId#fromCgroupFile} reads it.
     */
    ContainerRef ofCgroupFile(List<String> lines) {
        String path = CgroupContainerId.pathIn(lines, controller);
        return path != null ? of(path) : CgroupContainerId.fromCgroupFile(lines);
    }

    /**
     * Whether {@code cut}, a path of which only the names nearest the process are known, cannot be judged by
     * itself: it names no container (the container's cgroup may be above those names), or one whose runtime
     * recorded its cgroup, which only the whole path can be compared with.
     */
    boolean needsWholePath(String cut) {
        List<ContainerRef> candidates = CgroupContainerId.candidates(cut);
        return candidates.isEmpty() || candidates.stream().anyMatch(c -> recorded(c) != null);
    }

    /**
     * The cgroup the runtime recorded for {@code candidate} in this controller's hierarchy, or null; up to the
     * name that names the container when a cgroup below it was recorded (crun's {@code libpod-<id>.scope/container}),
     * since the container's processes may live anywhere in the cgroup named after it.
     */
    private String recorded(ContainerRef candidate) {
        return runtimeState.apply(candidate).map(f -> f.cgroups().path(controller))
                .map(path -> upToContainerName(path, candidate.fullId())).orElse(null);
    }

    /** {@code path} up to its last name holding {@code fullId}, or all of it when no name does. */
    static String upToContainerName(String path, String fullId) {
        int at = fullId == null ? -1 : path.lastIndexOf(fullId);
        if (at < 0) {
            return path;
        }
        int end = path.indexOf('/', at);
        return end < 0 ? path : path.substring(0, end);
    }

    /**
     * Whether {@code path} is at or below {@code recorded} once the names above some point of it are taken off
     * ({@code /node/kubepods/pod1/c} holds {@code /kubepods/pod1/c}): what a runtime in its own cgroup namespace
     * records. A process that can make cgroups can build such a path, so it is counted, not trusted more.
     */
    static boolean belowFromAnotherRoot(String path, String recorded) {
        if (recorded.equals("/")) {
            return true;
        }
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            if (atOrBelow(path.substring(i), recorded)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} is {@code ancestor} or below it, name by name ({@code /a/bc} is not below {@code /a/b}). */
    static boolean atOrBelow(String path, String ancestor) {
        if (ancestor.equals("/") || path.equals(ancestor)) {
            return true;
        }
        return path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/';
    }
}
