package dev.kestrel.fields.state;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from long keys to objects, so thread and fd lookups box nothing.
 * Linear probing with backward-shift deletion; not thread-safe.
 */
final class LongObjectMap<V> {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongObjectMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new Object[cap];
        mask = cap - 1;
    }

    private LongObjectMap(LongObjectMap<V> from) {
        keys = from.keys.clone();
        values = from.values.clone();
        size = from.size;
        mask = from.mask;
    }

    /**
     * A copy with the same entries: the same slots (two array copies, no rehashing), or, when at most
     * an eighth of a large table is used, a table sized for the entries, so a copy never keeps the
     * room a shrunken table once needed.
     */
    @SuppressWarnings("unchecked")
    LongObjectMap<V> copy() {
        if (keys.length <= 64 || size * 8 > keys.length) {
            return new LongObjectMap<>(this);
        }
        LongObjectMap<V> c = new LongObjectMap<>(Math.max(16, size));
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                c.put(keys[i], (V) values[i]);
            }
        }
        return c;
    }

    int size() {
        return size;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == EMPTY) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("key not supported: " + key);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == EMPTY) {
                return null;
            }
            if (k == key) {
                V old = (V) values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            int next = (i + 1) & mask;
            long k = keys[next];
            if (k == EMPTY) {
                keys[hole] = EMPTY;
                values[hole] = null;
                return;
            }
            int home = hash(k) & mask;
            // Move the entry back if its home slot is not between the hole and its current slot.
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = k;
                values[hole] = values[next];
                hole = next;
            }
            i = next;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    /** The number of slots, for allocation-free iteration with {@link #valueAt}. */
    int capacity() {
        return keys.length;
    }

    /** The value in slot {@code i}, or null for an empty slot. */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return keys[i] == EMPTY ? null : (V) values[i];
    }

    /** Calls {@code action} for every value; the map must not change meanwhile. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                action.accept((V) values[i]);
            }
        }
    }

    /** Every key, in no particular order (a copy). */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                out[n++] = k;
            }
        }
        return out;
    }

    /** Visits (key, value) pairs in ascending key order; allocates a sorted key array. */
    interface Visitor<V> {
        void visit(long key, V value);
    }

    void forEachSorted(Visitor<V> visitor) {
        long[] ks = keys();
        Arrays.sort(ks);
        for (long k : ks) {
            visitor.visit(k, get(k));
        }
    }
}
