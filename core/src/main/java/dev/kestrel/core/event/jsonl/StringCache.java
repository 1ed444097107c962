package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.FlagTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings a decoder has made recently, found again by their UTF-8 bytes: an event stream repeats
 * the same paths, tuples and flag texts, so a repeated value costs a hash and a compare instead of a
 * new string. Direct-mapped (a new string replaces the one in its slot); strings longer than
 * {@link #MAX_CACHED_BYTES} are made every time. Holds at most about 2 MB. Not thread-safe.
 */
final class StringCache {

    /** Longest string kept. */
    static final int MAX_CACHED_BYTES = 200;
    private static final int SLOTS = 4096;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final FlagTable[] flagTables = new FlagTable[SLOTS];
    private final long[] flagValues = new long[SLOTS];
    private final boolean[] flagNamesKnown = new boolean[SLOTS];

    /** The slot holding the string of {@code b[start, end)} (made now if needed), or -1 when it is too long to keep. */
    int slot(byte[] b, int start, int end) {
        if (end - start > MAX_CACHED_BYTES) {
            return -1;
        }
        int i = ByteKeys.hash(b, start, end) & (SLOTS - 1);
        byte[] k = keys[i];
        if (k != null && Arrays.equals(k, 0, k.length, b, start, end)) {
            return i;
        }
        keys[i] = Arrays.copyOfRange(b, start, end);
        values[i] = make(b, start, end);
        flagTables[i] = null;
        return i;
    }

    String value(int slot) {
        return values[slot];
    }

    /** The string of {@code b[start, end)}, from the cache when it is short enough. */
    String string(byte[] b, int start, int end) {
        int slot = slot(b, start, end);
        return slot >= 0 ? values[slot] : make(b, start, end);
    }

    /**
     * Parses the string in {@code slot} as flags of {@code table} once and remembers it: the value is
     * returned, and {@link #flagNamesKnown} tells whether every name was one the table knows.
     */
    long flags(int slot, FlagTable table) {
        if (flagTables[slot] != table) {
            String text = values[slot];
            flagValues[slot] = table.parse(text);
            flagNamesKnown[slot] = FlagNames.allKnown(table, text);
            flagTables[slot] = table;
        }
        return flagValues[slot];
    }

    /** Whether the flag names of the string in {@code slot} are all known to the table last given to {@link #flags}. */
    boolean flagNamesKnown(int slot) {
        return flagNamesKnown[slot];
    }

    private static String make(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] < 0) {
                return new String(b, start, end - start, StandardCharsets.UTF_8);
            }
        }
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
