package dev.kestrel.engine.compiler;

import java.util.Collection;

/**
 * The values of an {@code in (...)} test on a string field, for one question: is this string one of
 * them. Open addressing at a load of at most a quarter, each slot keeping its string's hash, so a
 * string that is not in the set is usually answered by comparing ints, without {@code equals}.
 * Immutable once built, so safe to share between threads; null is never a member.
 */
final class StringSet {

    private final String[] strings;
    private final int[] hashes;
    private final int mask;

    /** A set of {@code values} (duplicates and nulls are ignored). */
    StringSet(Collection<String> values) {
        int capacity = Integer.highestOneBit(Math.max(4, values.size() * 4 - 1)) << 1;
        strings = new String[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        for (String v : values) {
            if (v != null && !contains(v)) {
                int h = v.hashCode();
                int i = spread(h) & mask;
                while (strings[i] != null) {
                    i = (i + 1) & mask;
                }
                strings[i] = v;
                hashes[i] = h;
            }
        }
    }

    /** True when {@code s} is one of the values; false for null. */
    boolean contains(String s) {
        if (s == null) {
            return false;
        }
        int h = s.hashCode();
        int i = spread(h) & mask;
        while (true) {
            String v = strings[i];
            if (v == null) {
                return false;
            }
            if (hashes[i] == h && (v == s || v.equals(s))) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
