package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.spi.HeapBytes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cgroup paths the program announced ({@code G|id|level|name} lines, the cgroup first, then
 * its ancestors), by kernfs id, until the cgroup is removed. Bounded: past {@code maxEntries} live
 * cgroups or {@code maxBytes} of names a new one is not kept, and counted (its processes' paths then
 * come from /proc). A name the program cut (it prints {@link BpftraceScript#STRING_BYTES} less one byte of
 * each; a name may have 255) ends the path there, as the depth cut does: the path is the names below it, not
 * {@link #complete}, and the cut is counted. Thread-safe.
 */
final class CgroupNames {

    /** How many names the program prints for a cgroup, itself and its ancestors ({@link ProcessPrograms}). */
    static final int PRINTED_LEVELS = 10;

    /** Bytes counted for a cgroup's entry besides its names. */
    private static final long ENTRY_BYTES = 128;

    /** Held for a name the program cut; no cgroup name holds a NUL. */
    private static final String CUT = "\0";

    private final int maxEntries;
    private final long maxBytes;
    private final Map<Long, String[]> levels = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cutNames = new AtomicLong();

    CgroupNames(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Records the name at {@code level} (0 is the cgroup itself) of cgroup {@code id}. */
    void name(long id, int level, String name) {
        name(id, level, name, false);
    }

    /**
     * Records the name at {@code level} of cgroup {@code id}; {@code cut}: the program printed only its first bytes,
     * so the path ends below it.
     */
    void name(long id, int level, String printed, boolean cut) {
        if (level < 0 || level >= PRINTED_LEVELS) {
            return;
        }
        if (cut) {
            cutNames.incrementAndGet();
        }
        String name = cut ? CUT : printed;
        long size = HeapBytes.string(name);
        boolean known = levels.containsKey(id);
        if (!known && level > 0) {
            return;  // a cgroup starts with its own name; the rest of one not kept is not kept either
        }
        if (!known && levels.size() >= maxEntries || bytes.get() + (known ? 0 : ENTRY_BYTES) + size > maxBytes) {
            // Clearing the table instead would lose every live cgroup for good: the program names each once.
            // A cgroup that cannot take all its names is not kept: a path without some would be wrong.
            if (known) {
                forget(id);
            }
            if (known || level == 0) {
                refused.incrementAndGet();
            }
            return;
        }
        levels.compute(id, (k, v) -> {
            String[] names = v == null ? new String[PRINTED_LEVELS] : v;
            bytes.addAndGet((v == null ? ENTRY_BYTES : 0) + size - (names[level] == null ? 0 : HeapBytes.string(names[level])));
            names[level] = name;
            return names;
        });
    }

    /** The path of cgroup {@code id} ({@code /kubepods/besteffort/pod.../<id>}), or null when it was not announced. */
    String path(long id) {
        String[] names = levels.get(id);
        if (names == null || names[0] == null || names[0] == CUT) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        int top = top(names);
        int cut = cutLevel(names, top);
        for (int i = cut >= 0 ? cut - 1 : rootReached(names, top) ? top - 2 : top - 1; i >= 0; i--) {
            b.append('/').append(names[i]);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /**
     * Whether the path of cgroup {@code id} reaches its hierarchy's root: false for an unknown cgroup, for one
     * deeper than {@link #PRINTED_LEVELS} and for one with a name the program cut, whose {@link #path} has only the
     * names nearest to it.
     */
    boolean complete(long id) {
        String[] names = levels.get(id);
        if (names == null || names[0] == null) {
            return false;
        }
        int top = top(names);
        return cutLevel(names, top) < 0 && rootReached(names, top);
    }

    /** The lowest level whose name the program cut, or -1. */
    private static int cutLevel(String[] names, int top) {
        for (int i = 0; i < top; i++) {
            if (names[i] == CUT) {
                return i;
            }
        }
        return -1;
    }

    /** How many names were announced, from level 0 up. */
    private static int top(String[] names) {
        int top = 0;
        while (top < names.length && names[top] != null) {
            top++;
        }
        return top;
    }

    /**
     * Whether the last name is the hierarchy's root (named ""), whose name is not part of the path: not when
     * the program stopped before the root, as it prints at most PRINTED_LEVELS names.
     */
    private static boolean rootReached(String[] names, int top) {
        return top < names.length || names[top - 1].isEmpty();
    }

    /** Forgets cgroup {@code id}, which was removed. */
    void forget(long id) {
        levels.computeIfPresent(id, (k, names) -> {
            long freed = ENTRY_BYTES;
            for (String n : names) {
                freed += n == null ? 0 : HeapBytes.string(n);
            }
            bytes.addAndGet(-freed);
            return null;
        });
    }

    /** The bytes the names held count for. */
    long bytes() {
        return bytes.get();
    }

    /** The cgroups not kept because {@code maxEntries} or {@code maxBytes} were already held. */
    long refused() {
        return refused.get();
    }

    /** The cgroup names the program cut (their paths end below them). */
    long cutNames() {
        return cutNames.get();
    }

    /** The cgroups held. */
    int size() {
        return levels.size();
    }
}
