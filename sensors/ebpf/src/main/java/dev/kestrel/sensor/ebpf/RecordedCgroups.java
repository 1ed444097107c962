package dev.kestrel.sensor.ebpf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the runtime itself put a container: runc's {@code cgroup_paths} in its state.json, per controller the
 * sensor may read, each made relative to its hierarchy's root as the sensor's cgroup paths are, or crun's
 * {@code cgroup-path} in its status file. Immutable.
 *
 * <p>runc writes each path as the mount point joined with the container's cgroup: on cgroup v2 (the key "")
 * the fixed mount point {@code /sys/fs/cgroup}, on v1 the controller's mount directory, named after its
 * controllers ({@code /sys/fs/cgroup/memory}, {@code /sys/fs/cgroup/cpu,cpuacct}). On a hybrid host runc
 * records v1's controllers and, under "", the v2 hierarchy at its fixed {@code /sys/fs/cgroup/unified}: a
 * record with v1 keys takes that mount off its "" path. These are the mounts runc
 * saw, not the sensor's (a DaemonSet may mount the host's elsewhere), so the mount is taken off by that form,
 * not looked up in the sensor's mount table. A path not in that form is left out.
 */
final class RecordedCgroups {

    /** No record: crun's state, a bundle, a state without {@code cgroup_paths}. */
    static final RecordedCgroups NONE = new RecordedCgroups(Map.of());

    /** The v2 mount point runc writes every path under (a constant in runc). */
    private static final List<String> V2_MOUNT = List.of("sys", "fs", "cgroup");
    /** Where runc puts the v2 hierarchy on a hybrid host, next to the v1 ones (a constant in runc too). */
    private static final List<String> HYBRID_V2_MOUNT = List.of("sys", "fs", "cgroup", "unified");

    /** The controllers whose paths are kept: the v1 ones the sensor may read ({@link KernelLayout}), and v2's "". */
    private static final List<String> CONTROLLERS = Stream.concat(KernelLayout.PREFERRED.stream(), Stream.of("")).toList();

    private final Map<String, String> byController;

    private RecordedCgroups(Map<String, String> byController) {
        this.byController = byController;
    }

    /**
     * The record in {@code cgroupPaths}, the parsed {@code cgroup_paths} object (controller to directory),
     * or {@link #NONE} when it is no object or holds none of the controllers the sensor reads.
     */
    static RecordedCgroups of(Object cgroupPaths) {
        if (!(cgroupPaths instanceof Map<?, ?> paths)) {
            return NONE;
        }
        Map<String, String> kept = new HashMap<>();
        Map<String, String> same = new HashMap<>();
        // runc's v2 manager records "" alone; its v1 manager records each controller, and "" only on a hybrid host
        boolean hybrid = paths.keySet().stream().anyMatch(k -> !"".equals(k));
        for (String controller : CONTROLLERS) {
            if (paths.get(controller) instanceof String absolute) {
                String relative = relative(controller, absolute, hybrid);
                if (relative != null) {
                    // v1 controllers mostly share one path: one string for all of them
                    kept.put(controller, same.computeIfAbsent(relative, r -> r));
                }
            }
        }
        return kept.isEmpty() ? NONE : new RecordedCgroups(Map.copyOf(kept));
    }

    /**
     * The record in crun's {@code status} file: its {@code cgroup-path}, one path from the root of every
     * hierarchy (crun makes the same path in each), or {@link #NONE} when it is no clean absolute path.
     */
    static RecordedCgroups ofCrun(Object cgroupPath) {
        if (!(cgroupPath instanceof String path) || !clean(path) || path.equals("/")) {
            return NONE;
        }
        Map<String, String> kept = new HashMap<>();
        CONTROLLERS.forEach(controller -> kept.put(controller, path));
        return new RecordedCgroups(Map.copyOf(kept));
    }

    /** The container's cgroup for {@code controller} ("" on cgroup v2) from its hierarchy's root, or null when not recorded. */
    String path(String controller) {
        return byController.get(controller);
    }

    /**
     * {@code absolute} (as runc writes it) from its hierarchy's root ({@code /kubepods/...}, "/" for the root
     * itself), or null when it is not an absolute clean path under a mount of {@code controller}; {@code hybrid}:
     * the record has v1 controllers too, so v2's "" is under {@code /sys/fs/cgroup/unified}.
     */
    static String relative(String controller, String absolute, boolean hybrid) {
        if (!clean(absolute)) {
            return null;
        }
        String[] names = absolute.substring(1).split("/");
        int mount = -1;
        if (controller.isEmpty()) {
            List<String> v2 = hybrid ? HYBRID_V2_MOUNT : V2_MOUNT;
            if (names.length >= v2.size() && List.of(names).subList(0, v2.size()).equals(v2)) {
                mount = v2.size() - 1;
            }
        } else {
            for (int i = 0; i < names.length && mount < 0; i++) {
                if (List.of(names[i].split(",")).contains(controller)) {
                    mount = i;
                }
            }
        }
        if (mount < 0) {
            return null;
        }
        return "/" + String.join("/", List.of(names).subList(mount + 1, names.length));
    }

    /** Whether {@code path} is "/" or "/" and names, none empty, "." nor "..". */
    static boolean clean(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (String name : path.substring(1).split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "RecordedCgroups" + byController;
    }
}
