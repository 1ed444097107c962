package dev.kestrel.core.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which file opens some loaded rule could match, so a sensor may skip the others before they leave
 * the kernel: for each access mode ({@code flags & O_ACCMODE}), any path or the path prefixes a rule
 * names. Immutable; {@link #passes} is the exact decision a sensor must make (or a looser one).
 *
 * <p>Only a plain path can be skipped: absolute, without {@code //} or {@code ./} and shorter than
 * {@link #MAX_PLAIN_BYTES}, so normalising it can only drop a trailing {@code /.} or {@code /..} and the
 * normalised path is a prefix of it. A relative path, a directory
 * and anything else a sensor cannot judge is kept.
 */
public final class OpenPathFilter {

    /** Paths of this many UTF-8 bytes or more are always kept (a sensor may read only a part of them). */
    public static final int MAX_PLAIN_BYTES = 150;

    /** More prefixes than this for one access mode and the filter keeps everything of that mode. */
    public static final int MAX_PREFIXES = 24;

    private static final OpenPathFilter EVERYTHING = new OpenPathFilter(null, null, null);

    /** Per access mode (0 read-only, 1 write-only, 2 read-write): null for any path, else the prefixes. */
    private final List<List<String>> byMode;

    private OpenPathFilter(Collection<String> readOnly, Collection<String> writeOnly, Collection<String> readWrite) {
        this.byMode = Arrays.asList(prefixes(readOnly), prefixes(writeOnly), prefixes(readWrite));
    }

    /** A filter that keeps every open. */
    public static OpenPathFilter everything() {
        return EVERYTHING;
    }

    /**
     * A filter keeping, per access mode, the opens whose path starts with one of the prefixes
     * (null: every path of that mode; an empty collection: none).
     */
    public static OpenPathFilter of(Collection<String> readOnly, Collection<String> writeOnly, Collection<String> readWrite) {
        return new OpenPathFilter(readOnly, writeOnly, readWrite);
    }

    private static List<String> prefixes(Collection<String> given) {
        if (given == null) {
            return null;
        }
        TreeSet<String> sorted = new TreeSet<>(given);
        if (sorted.contains("") || sorted.stream().anyMatch(p -> !p.startsWith("/"))) {
            return null;
        }
        // A prefix that extends another adds nothing.
        List<String> kept = new ArrayList<>();
        for (String p : sorted) {
            if (kept.isEmpty() || !p.startsWith(kept.get(kept.size() - 1))) {
                kept.add(p);
            }
        }
        return kept.size() > MAX_PREFIXES ? null : List.copyOf(kept);
    }

    /** True when nothing can be skipped. */
    public boolean keepsEverything() {
        return byMode.stream().allMatch(Objects::isNull);
    }

    /**
     * The prefixes kept for an access mode ({@code flags & 3}: 0 read-only, 1 write-only,
     * 2 read-write), or null when every path of that mode is kept.
     */
    public List<String> prefixes(int accessMode) {
        return accessMode >= 0 && accessMode < 3 ? byMode.get(accessMode) : null;
    }

    /** Whether a path can be judged by its prefix (see the class comment). */
    public static boolean isPlain(String path) {
        return path.startsWith("/") && !path.contains("//") && !path.contains("./")
                && path.getBytes(StandardCharsets.UTF_8).length < MAX_PLAIN_BYTES;
    }

    /**
     * Whether an open of {@code path} (as the program passed it) with these open flags must reach the
     * rules. A directory must always be kept, whatever this says: its fd names later relative paths.
     */
    public boolean passes(String path, int flags) {
        List<String> prefixes = prefixes(flags & 3);
        if (prefixes == null || !isPlain(path)) {
            return true;
        }
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenPathFilter f && f.byMode.equals(byMode);
    }

    @Override
    public int hashCode() {
        return byMode.hashCode();
    }

    @Override
    public String toString() {
        if (keepsEverything()) {
            return "OpenPathFilter[everything]";
        }
        String[] names = {"read", "write", "read-write"};
        StringBuilder b = new StringBuilder("OpenPathFilter[");
        for (int m = 0; m < 3; m++) {
            b.append(m == 0 ? "" : "; ").append(names[m]).append(": ").append(byMode.get(m) == null ? "any path" : byMode.get(m));
        }
        return b.append(']').toString();
    }
}
