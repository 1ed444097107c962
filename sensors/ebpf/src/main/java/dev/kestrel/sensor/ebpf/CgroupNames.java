package dev.kestrel.sensor.ebpf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cgroup paths the program announced ({@code G|id|level|name} lines, the cgroup first, then
 * its ancestors), by kernfs id. Bounded: past {@code maxEntries} the table is cleared and counted
 * (the program announces each cgroup once, so paths forgotten then come back from /proc). Thread-safe.
 */
final class CgroupNames {

    private final int maxEntries;
    private final Map<Long, String[]> levels = new ConcurrentHashMap<>();
    private volatile long resets;

    CgroupNames(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Records the name at {@code level} (0 is the cgroup itself) of cgroup {@code id}. */
    void name(long id, int level, String name) {
        if (level < 0 || level >= 16) {
            return;
        }
        if (levels.size() >= maxEntries && !levels.containsKey(id)) {
            levels.clear();
            resets++;
        }
        levels.compute(id, (k, v) -> {
            String[] names = v == null ? new String[16] : v;
            names[level] = name;
            return names;
        });
    }

    /** The path of cgroup {@code id} ({@code /kubepods/besteffort/pod.../<id>}), or null when it was not announced. */
    String path(long id) {
        String[] names = levels.get(id);
        if (names == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        int top = 0;
        while (top < names.length && names[top] != null) {
            top++;
        }
        // The last name is the hierarchy's root, whose name is not part of the path.
        for (int i = top - 2; i >= 0; i--) {
            b.append('/').append(names[i]);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /** How often the table outgrew its bound and was cleared. */
    long resets() {
        return resets;
    }
}
