package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.spi.HeapBytes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The paths of the programs execs ran, as the kernel walked them from the exe file up to the
 * process's root, by the key the program gave the exe file: {@code D|key|level|name} lines, the
 * file's own name first, then {@code D|key|-1|ending|names}, how the walk ended and how many names it
 * printed. The program walks a file once per period and then prints only its key, so a path is kept
 * until three periods passed without the file being walked again ({@link #newPeriod}). Bounded: past
 * {@code maxEntries} paths or {@code maxBytes} of names a new one is not kept, and counted (its execs
 * then name the file as it was exec'd); at most 256 walks are under way, of at most
 * {@value #WALKED_LEVELS} names of at most {@link BpftraceScript#STRING_BYTES} bytes. Used by the
 * reading thread only; its counters may be read from any thread.
 */
final class ExePaths {

    /** How many names the program walks from the file towards the root, mount points included. */
    static final int WALKED_LEVELS = 24;
    /** The walk's ending: the process's root was reached. */
    static final int REACHED_ROOT = 0;
    /** The walk's ending: the path has more names than the program walks. */
    static final int TOO_DEEP = 1;
    /** The walk's ending: the top of a mount with no parent (a detached mount, a file outside the process's root). */
    static final int MOUNT_WITHOUT_PARENT = 2;
    /** The walk's ending: a name that is its own parent, in no directory (a memfd's file). */
    static final int OWN_PARENT = 3;
    /** The walk's ending: {@code struct mount} is not laid out as the program expects; nothing was walked. */
    static final int LAYOUT_UNEXPECTED = 4;

    /** Walks under way at once: more means ends were lost (each CPU has at most one under way). */
    private static final int MAX_WALKING = 256;
    /** Bytes counted for an entry besides its names. */
    private static final long ENTRY_BYTES = 96;

    private final int maxEntries;
    private final long maxBytes;
    /** Walks whose end has not come yet: names by level. */
    private final Map<Long, String[]> walking = new HashMap<>();
    private final Map<Long, Entry> paths = new HashMap<>();
    private long bytes;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unusable = new AtomicLong();
    private final AtomicLong unnamed = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong layoutUnexpected = new AtomicLong();
    private long period;

    private record Entry(String path, long period) {
    }

    ExePaths(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * A {@code D} line: name {@code level} (0: the file's own) of the walk of {@code key}, or its end
     * ({@code level} -1, {@code text} "ENDING|NAMES").
     */
    void line(long key, int level, String text, boolean cut) {
        if (level == -1) {
            int bar = text.indexOf('|');
            end(key, Integer.parseInt(text.substring(0, bar)), Integer.parseInt(text.substring(bar + 1).trim()));
            return;
        }
        if (level < 0 || level >= WALKED_LEVELS) {
            throw new IllegalArgumentException("exe path level " + level);
        }
        if (walking.size() >= MAX_WALKING && !walking.containsKey(key)) {
            // Only walks whose end was lost stay unfinished: a walk's lines come together from one CPU.
            abandoned.addAndGet(walking.size());
            walking.clear();
        }
        // A walk starts at its file's own name: what an earlier walk of the key left (its end lost) is not mixed in.
        String[] names = level == 0 ? new String[WALKED_LEVELS] : walking.computeIfAbsent(key, k -> new String[WALKED_LEVELS]);
        if (level == 0 && walking.put(key, names) != null) {
            abandoned.incrementAndGet();
        }
        // A name cut at the string limit would make a wrong path: the walk is marked unusable.
        names[level] = cut ? null : text;
        if (cut) {
            names[0] = "";
        }
    }

    private void end(long key, int ending, int printed) {
        String[] names = walking.remove(key);
        if (ending == LAYOUT_UNEXPECTED) {
            layoutUnexpected.incrementAndGet();
            return;
        }
        // A name lost on the way (its line dropped) would make a wrong path, not a shorter right one.
        String path = ending == TOO_DEEP || printed == 0 || names == null || "".equals(names[0]) || count(names) != printed ? null
                : join(names, ending != OWN_PARENT);
        if (path == null) {
            unusable.incrementAndGet();
            return;
        }
        long size = ENTRY_BYTES + HeapBytes.string(path);
        Entry old = paths.get(key);
        if (old == null && (paths.size() >= maxEntries || bytes + size > maxBytes)) {
            refused.incrementAndGet();
            return;
        }
        Entry previous = paths.put(key, new Entry(path, period));
        bytes += size - (previous == null ? 0 : ENTRY_BYTES + HeapBytes.string(previous.path));
    }

    private static int count(String[] names) {
        int n = 0;
        for (String name : names) {
            n += name == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Names from the file up, joined from the top down, with a leading slash but for a name in no
     * directory (Falco's drivers give a memfd's file as {@code memfd:NAME}).
     */
    private static String join(String[] names, boolean fromRoot) {
        int top = 0;
        while (top < names.length && names[top] != null) {
            top++;
        }
        StringBuilder b = new StringBuilder();
        for (int i = top - 1; i >= 0; i--) {
            if (fromRoot || i < top - 1) {
                b.append('/');
            }
            b.append(names[i]);
        }
        return b.toString();
    }

    /**
     * {@code r} with its program's walked path when it is an exec whose file was walked, else {@code r}.
     * Called once the exec's reorder window passed: a walk printed on another CPU came by then.
     */
    SensorRecord named(SensorRecord r) {
        if (r instanceof SensorRecord.Exec x && x.exe().key() != 0) {
            String path = path(x.exe().key());
            if (path == null) {
                unnamed.incrementAndGet();
            }
            return x.withExePath(path);
        }
        return r;
    }

    /** The path of the exe file the program keyed {@code key}, or null when it was not walked or not kept. */
    String path(long key) {
        Entry e = paths.get(key);
        return e == null ? null : e.path;
    }

    /**
     * The program forgot which files it walked (it does so every period): paths not walked again in
     * the two periods before this one are forgotten, since any exec of their files walks them anew. (A
     * walk just after the program forgot may be read before this line, from another CPU's buffer, and
     * so count for the period before.)
     */
    void newPeriod() {
        long now = ++period;
        paths.entrySet().removeIf(en -> {
            boolean old = en.getValue().period < now - 2;
            if (old) {
                bytes -= ENTRY_BYTES + HeapBytes.string(en.getValue().path);
            }
            return old;
        });
    }

    /** The bytes the paths held count for. */
    long bytes() {
        return bytes;
    }

    /** Paths not kept because {@code maxEntries} or {@code maxBytes} were already held. */
    long refused() {
        return refused.get();
    }

    /** Walks that gave no path: deeper than the program walks, or a name cut at the string limit. */
    long unusable() {
        return unusable.get();
    }

    /** Execs whose program's path was not known when their turn came (not walked to the end, not kept, or its walk not read yet). */
    long unnamed() {
        return unnamed.get();
    }

    /** Walks left unfinished: their end line was lost, or another walk of the same file began before it came. */
    long abandoned() {
        return abandoned.get();
    }

    /** Walks the program refused because {@code struct mount} did not hold its vfsmount where expected. */
    long layoutUnexpected() {
        return layoutUnexpected.get();
    }

    /** The paths held. */
    int size() {
        return paths.size();
    }
}
