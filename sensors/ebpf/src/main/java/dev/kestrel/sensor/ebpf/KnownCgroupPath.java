package dev.kestrel.sensor.ebpf;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of a process's cgroup path that the sensor knows, and how a runtime's record of a container's cgroup
 * can hold them: the whole path from the root, or only a tail of it (the names below some unknown ones). Immutable.
 *
 * <p>A tail is what is left of a path cut at the names the program prints (names above it may not be known; a
 * cgroup exactly as deep as the printed names is printed without its root), or a /proc path, relative to the
 * sensor's cgroup namespace, whose root may be any cgroup ({@code /../../besteffort/pod1/<id>} outside it: the
 * names below the namespaces' common ancestor). Only a path the program printed whole is from the true root. A tail is consistent with a record when its first
 * names are the record's last ones; one that holds the whole record below other names is what a runtime in its
 * own cgroup namespace records, or what a process that makes cgroups builds.
 */
final class KnownCgroupPath {

    /** How a recorded cgroup holds a process's path. */
    enum Held {
        /** The whole path from the root is at or below the record. */
        FROM_ROOT,
        /** The tail is at or below the record's last names; the names above it are not known. */
        BY_ITS_TAIL,
        /** The record's names are in the path below other names. */
        BELOW_OTHER_NAMES,
        /** The path is not at or below the record. */
        NOT
    }

    private final List<String> names;
    private final boolean whole;
    /** Whether this is a /proc path relative to another cgroup namespace ({@code /../..}). */
    private final boolean outsideNamespace;

    private KnownCgroupPath(List<String> names, boolean whole, boolean outsideNamespace) {
        this.names = names;
        this.whole = whole;
        this.outsideNamespace = outsideNamespace;
    }

    /** A path the program printed whole, from the hierarchy's true root. */
    static KnownCgroupPath whole(String path) {
        return new KnownCgroupPath(names(path), RecordedCgroups.clean(path), false);
    }

    /**
     * A path from /proc, relative to the sensor's cgroup namespace, whose root may lie anywhere below the true
     * root (a sensor in a kind node's namespace): a tail. One outside that namespace keeps the names below the
     * namespaces' common ancestor.
     */
    static KnownCgroupPath fromProc(String path) {
        List<String> names = new ArrayList<>();
        boolean outside = false;
        for (String name : path.split("/")) {
            if (name.equals("..")) {
                names.clear();
                outside = true;
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return new KnownCgroupPath(names, false, outside);
    }

    /** The names nearest a process, from a path cut at the printed levels: some names above them may not be known. */
    static KnownCgroupPath cut(String names) {
        return new KnownCgroupPath(names(names), false, false);
    }

    /** Whether this is the tail of a /proc path relative to another cgroup namespace. */
    boolean relative() {
        return outsideNamespace;
    }

    /**
     * How {@code recorded}, a cgroup from its hierarchy's root, holds this path. The root ("/") holds any path, as
     * if by its tail: it tells nothing of where the runtime's root is.
     */
    Held heldBy(String recorded) {
        List<String> record = names(recorded);
        int m = record.size();
        if (m == 0) {
            return Held.BY_ITS_TAIL;
        }
        boolean below = false;
        // at: where the record's first name falls among the known names (negative: among the unknown ones above)
        for (int at = whole ? 0 : 1 - m; at + m <= names.size(); at++) {
            if (sameFrom(record, at)) {
                if (at == 0 && whole) {
                    return Held.FROM_ROOT;
                }
                if (at <= 0) {
                    return Held.BY_ITS_TAIL;
                }
                below = true;
            }
        }
        return below ? Held.BELOW_OTHER_NAMES : Held.NOT;
    }

    /** Whether the record's names that fall among the known ones, its first at {@code at}, are those names. */
    private boolean sameFrom(List<String> record, int at) {
        for (int i = Math.max(0, -at); i < record.size(); i++) {
            if (!record.get(i).equals(names.get(at + i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(String path) {
        return path.equals("/") || path.isEmpty() ? List.of() : List.of(path.substring(1).split("/"));
    }
}
