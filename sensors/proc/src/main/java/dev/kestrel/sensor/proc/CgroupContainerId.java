package dev.kestrel.sensor.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the container a process runs in from its cgroup paths, recognising the layouts Falco
 * recognises: docker ({@code /docker/<id>}, {@code docker-<id>.scope}), containerd/CRI
 * ({@code cri-containerd-<id>.scope}, {@code :cri-containerd:<id>}, kubepods {@code /pod<uid>/<id>}),
 * cri-o ({@code crio-<id>[.scope]}) and podman ({@code libpod-<id>[.scope]},
 * {@code libpod-payload-<id>}), where {@code <id>} is 64 hexadecimal characters. As in Falco the
 * reported id is the first 12 of them; a process in none of these is on the host ({@value #HOST}).
 */
public final class CgroupContainerId {

    /** The id Falco gives processes that are not in a container. */
    public static final String HOST = "host";

    private static final int FULL_ID_LENGTH = 64;
    private static final int REPORTED_ID_LENGTH = 12;

    /** One cgroup naming layout: a path segment is {@code prefix + <64 hex> + suffix}. */
    private record Layout(String prefix, String suffix, String runtime) {
    }

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("docker-", ".scope", "docker"),
            new Layout("cri-containerd-", ".scope", "containerd"),
            new Layout("crio-", ".scope", "cri-o"),
            new Layout("crio-", "", "cri-o"),
            new Layout("libpod-payload-", ".scope", "podman"),
            new Layout("libpod-payload-", "", "podman"),
            new Layout("libpod-", ".scope", "podman"),
            new Layout("libpod-", "", "podman"),
            new Layout("", "", null));

    /**
     * The container of a process.
     *
     * @param id the 12-character container id, or {@value #HOST}
     * @param runtime the runtime the layout points to ({@code docker}, {@code containerd},
     *                {@code cri-o}, {@code podman}), or null on the host
     * @param fullId the 64-character id (the runtime's state directory name), or null on the host
     */
    public record ContainerRef(String id, String runtime, String fullId) {

        /** True when the process is not in a container. */
        public boolean host() {
            return HOST.equals(id);
        }
    }

    /** A process on the host. */
    public static final ContainerRef ON_HOST = new ContainerRef(HOST, null, null);

    private CgroupContainerId() {
    }

    /**
     * The lines of {@code file}, a {@code /proc/PID/cgroup}, empty ones left out, or null when it cannot be read
     * (the process is gone). Its first 64 KiB are read; bytes that are not UTF-8 (a process names its own
     * cgroups) read as U+FFFD, as the sensors print them, instead of failing the read.
     */
    public static List<String> readLines(Path file) {
        FileHead head = FileHead.read(file, ProcScanner.CGROUP_BYTES);
        return head == null ? null : head.nonEmptyLines();
    }

    /** The container named by the lines of {@code /proc/PID/cgroup} ({@code hierarchy:controllers:path}). */
    public static ContainerRef fromCgroupFile(List<String> lines) {
        for (String line : lines) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            ContainerRef ref = fromPath(second < 0 ? line : line.substring(second + 1));
            if (!ref.host()) {
                return ref;
            }
        }
        return ON_HOST;
    }

    /** The container named by one cgroup path, checking its segments from the deepest up. */
    public static ContainerRef fromPath(String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            ContainerRef ref = named(segments[i], path);
            if (ref != null) {
                return ref;
            }
        }
        return ON_HOST;
    }

    /**
     * Every container the segments of one cgroup path are named after, the deepest first ({@link #fromPath}
     * gives the first); empty on the host. A process may name cgroups after others' containers, so a caller
     * that can check a container's own cgroup with its runtime takes the first it does not contradict.
     */
    public static List<ContainerRef> candidates(String path) {
        String[] segments = path.split("/");
        List<ContainerRef> found = new ArrayList<>(1);
        for (int i = segments.length - 1; i >= 0; i--) {
            ContainerRef ref = named(segments[i], path);
            if (ref != null) {
                found.add(ref);
            }
        }
        return found;
    }

    /**
     * The path in the line of {@code /proc/PID/cgroup} for {@code controller} (a cgroup v1 controller's
     * line, or the v2 line {@code 0::...} when it is ""), or null when the file has no such line.
     */
    public static String pathIn(List<String> lines, String controller) {
        for (String line : lines) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            boolean match = controller.isEmpty() ? controllers.isEmpty() && line.startsWith("0:")
                    : List.of(controllers.split(",")).contains(controller);
            if (match) {
                return line.substring(second + 1);
            }
        }
        return null;
    }

    /** The container one path segment is named after, or null; {@code path} (the whole) tells a bare id's runtime. */
    private static ContainerRef named(String segment, String path) {
        int colon = segment.lastIndexOf(":cri-containerd:");
        if (colon >= 0) {
            String id = segment.substring(colon + ":cri-containerd:".length());
            if (isFullId(id)) {
                return new ContainerRef(id.substring(0, REPORTED_ID_LENGTH), "containerd", id);
            }
        }
        for (Layout layout : LAYOUTS) {
            if (segment.length() == layout.prefix().length() + FULL_ID_LENGTH + layout.suffix().length()
                    && segment.startsWith(layout.prefix()) && segment.endsWith(layout.suffix())) {
                String id = segment.substring(layout.prefix().length(), layout.prefix().length() + FULL_ID_LENGTH);
                if (isFullId(id)) {
                    String runtime = layout.runtime() != null ? layout.runtime() : bareRuntime(path);
                    return new ContainerRef(id.substring(0, REPORTED_ID_LENGTH), runtime, id);
                }
            }
        }
        return null;
    }

    /** A bare id segment: docker under {@code /docker/}, a CRI runtime under kubepods, else docker. */
    private static String bareRuntime(String path) {
        return path.contains("kubepods") ? "containerd" : "docker";
    }

    /** 64 ASCII hex digits (not {@code Character.digit}'s, which takes every script's digits and fullwidth letters). */
    private static boolean isFullId(String s) {
        if (s.length() != FULL_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
