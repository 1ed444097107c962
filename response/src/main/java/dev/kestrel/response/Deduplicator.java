package dev.kestrel.response;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers which (action, target) pairs ran recently, so that the same action on the same target
 * runs once per window. Keeps at most {@code maxKeys} pairs (the oldest go first). Thread-safe.
 */
final class Deduplicator {

    private final long windowNanos;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Long> lastRun = new LinkedHashMap<>();
    private long evicted;

    Deduplicator(long windowNanos, int maxKeys, LongSupplier clock) {
        this.windowNanos = windowNanos;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** True (and remembered) when {@code key} has not run in the window; false for a duplicate. */
    synchronized boolean firstInWindow(String key) {
        long now = clock.getAsLong();
        Long last = lastRun.get(key);
        if (last != null && now - last < windowNanos) {
            return false;
        }
        lastRun.remove(key);
        lastRun.put(key, now);
        Iterator<Long> it = lastRun.values().iterator();
        while (it.hasNext() && lastRun.size() > maxKeys) {
            it.next();
            it.remove();
            evicted++;
        }
        return true;
    }

    /** How many pairs were forgotten before their window ended because {@code maxKeys} were kept. */
    synchronized long evicted() {
        return evicted;
    }
}
