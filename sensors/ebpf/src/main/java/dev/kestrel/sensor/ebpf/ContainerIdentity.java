package dev.kestrel.sensor.ebpf;

import dev.kestrel.sensor.ebpf.KnownCgroupPath.Held;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The container of a process by its cgroup path: the deepest segment named like a container whose runtime's own
 * record of its cgroup ({@link RecordedCgroups}) holds the path as far as it is known, or says nothing; none such, the host.
 *
 * <p>A process allowed to make cgroups can name one after another container ({@code .../cri-containerd-<B>.scope}).
 * Such a segment is refused when the path is not at or below B's recorded cgroup: the next segment up is tried,
 * then the host. What is not checked: a path holding the record below other names (taken until a record held
 * a whole path from the root, see {@link RecordsFromRoot}), the names above a known tail, and a container whose
 * runtime recorded no cgroup (one known only from a bundle, a runc state without {@code cgroup_paths}).
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
    /** The note counted when a /proc path relative to another cgroup namespace names a container. */
    static final String RELATIVE_PATH = "cgroup path relative to another cgroup namespace: compared by its names below that namespace";

    private final String controller;
    private final Function<ContainerRef, Optional<Found>> runtimeState;
    private final Consumer<String> note;
    private final RecordsFromRoot fromRoot;

    /**
     * @param controller the controller whose hierarchy the paths are in ({@code memory}, or "" for cgroup v2)
     * @param runtimeState what is known of a container (no slower than the caller may be), empty when nothing
     * @param note counts what could not be checked, and each refused segment
     * @param fromRoot whether a record held a whole path from the root, and whether /proc's paths are from it: one
     *     per sensor, shared by its instances
     */
    ContainerIdentity(String controller, Function<ContainerRef, Optional<Found>> runtimeState, Consumer<String> note,
            RecordsFromRoot fromRoot) {
        this.controller = controller;
        this.runtimeState = runtimeState;
        this.note = note;
        this.fromRoot = fromRoot;
    }

    /** The container of a process whose whole cgroup path, as the program printed it from the true root, is {@code path}. */
    ContainerRef of(String path) {
        return of(path, KnownCgroupPath.whole(path), false);
    }

    /**
     * The container of a process whose cgroup path, as /proc shows it in the sensor's cgroup namespace, is
     * {@code path}: whole from the root once that is known ({@link RecordsFromRoot#procFromRoot}), else a tail.
     */
    ContainerRef ofProc(String path) {
        boolean whole = RecordedCgroups.clean(path);
        return of(path, whole && fromRoot.procFromRoot() ? KnownCgroupPath.whole(path) : KnownCgroupPath.fromProc(path), whole);
    }

    /**
     * The container of a process of whose cgroup path only {@code cut}, the names the program printed, is known:
     * the host when none of its segments is accepted, as for a cut path that names no container.
     */
    ContainerRef ofCut(String cut) {
        return of(cut, KnownCgroupPath.cut(cut), false);
    }

    /** A process's cgroup path as far as it is known (null: not known), and its container. */
    record Placed(String path, ContainerRef container) {
    }

    /**
     * An exec's process by the path the program printed ({@code path}, null when not announced; {@code complete}
     * when it reaches the root), or the whole one {@code procPath} reads from /proc (null: the process is gone).
     */
    Placed ofExec(String path, boolean complete, Supplier<String> procPath) {
        boolean cut = path != null && !complete;
        // A cut path names no container when the container's own cgroup is above the printed names, and is
        // compared with a runtime's record by those names only: /proc has the whole path while the process lives.
        if (path == null || cut && needsWholePath(path)) {
            String whole = procPath.get();
            if (whole != null) {
                // a path not known to be from the true root identifies, but the printed names stay the event's
                return new Placed(path != null && !fromRoot.procFromRoot() ? path : whole, ofProc(whole));
            } else if (cut) {
                note.accept("cgroup path cut at " + CgroupNames.PRINTED_LEVELS + " names and the process gone: container judged from those names");
            }
        }
        return new Placed(path, path == null ? CgroupContainerId.ON_HOST : cut ? ofCut(path) : of(path));
    }

    /** {@code wholeInProc}: {@code path} is a clean /proc path, whole from its namespace's root. */
    private ContainerRef of(String path, KnownCgroupPath known, boolean wholeInProc) {
        List<ContainerRef> candidates = CgroupContainerId.candidates(path);
        if (!candidates.isEmpty() && known.relative()) {
            note.accept(RELATIVE_PATH);
        }
        for (ContainerRef candidate : candidates) {
            String recorded = recorded(candidate);
            if (recorded == null) {
                return candidate;  // nothing to compare with: taken by its name
            }
            Held held = known.heldBy(recorded);
            if (held == Held.FROM_ROOT && !wholeInProc) {
                fromRoot.matched();
            } else if (wholeInProc && KnownCgroupPath.whole(path).heldBy(recorded) == Held.FROM_ROOT) {
                fromRoot.matchedInProc();
            }
            if (held == Held.FROM_ROOT || held == Held.BY_ITS_TAIL) {
                return candidate;
            }
            if (held == Held.BELOW_OTHER_NAMES && !fromRoot.matchedOnce()) {
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
        return path != null ? ofProc(path) : CgroupContainerId.fromCgroupFile(lines);
    }

    /**
     * Whether {@code cut}, a path of which only the names nearest the process are known, cannot be judged by
     * itself: it names no container (the container's cgroup may be above those names), or one whose runtime
     * recorded its cgroup, which only the whole path can be compared with.
     */
    private boolean needsWholePath(String cut) {
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
}
