package dev.kestrel.core.event.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A fixed table from names to values, looked up by the UTF-8 bytes of a name inside a larger array,
 * so a decoder finds an event type, a parameter or an errno name without making a string.
 * Immutable after construction; safe to share between threads.
 */
final class ByteKeys<V> {

    private final byte[][] keys;
    private final Object[] values;
    private final int mask;

    ByteKeys(Map<String, V> entries) {
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 4 - 1)) << 1;
        keys = new byte[cap][];
        values = new Object[cap];
        mask = cap - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            int i = hash(k, 0, k.length) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = e.getValue();
        }
    }

    /** The hash used by {@link ByteKeys} and {@link StringCache}. */
    static int hash(byte[] b, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** The value for the name in {@code b[start, end)}, or null. */
    @SuppressWarnings("unchecked")
    V get(byte[] b, int start, int end) {
        int i = hash(b, start, end) & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                return null;
            }
            if (Arrays.equals(k, 0, k.length, b, start, end)) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
    }
}
