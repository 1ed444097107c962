package dev.kestrel.sensor.ebpf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a new thread of a container (a PID namespace other than the host's) has there, as the
 * program queues them from the thread's own return from its clone ({@code V|tid|vtid|vpid}), until
 * the fork's child-side report goes out and takes them ({@link #named}). Bounded: past
 * {@code maxEntries} the oldest is dropped, and counted, as are the ids no report took. Used by the
 * reading thread only; its counters may be read from any thread.
 */
final class NamespaceIds {

    private final int maxEntries;
    private final Map<Long, long[]> byTid;
    private final AtomicLong unused = new AtomicLong();

    NamespaceIds(int maxEntries) {
        this.maxEntries = maxEntries;
        this.byTid = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
                if (size() > NamespaceIds.this.maxEntries) {
                    unused.incrementAndGet();
                    return true;
                }
                return false;
            }
        };
    }

    /** A {@code V} line: thread {@code tid} is {@code vtid} in its PID namespace, and its process {@code vpid}. */
    void report(long tid, long vtid, long vpid) {
        if (byTid.put(tid, new long[] {vtid, vpid}) != null) {
            unused.incrementAndGet();  // a reused thread id whose earlier report no clone took
        }
    }

    /**
     * {@code r} with the ids its child reported, when it is a fork's child-side report; else {@code r}.
     * Called once the report's reorder window passed, by when the child's own report was read.
     */
    SensorRecord named(SensorRecord r) {
        if (r instanceof SensorRecord.Clone c && c.childSide()) {
            long[] ids = byTid.remove(c.tid());
            if (ids != null) {
                return c.withNamespaceIds(ids[0], ids[1]);
            }
        }
        return r;
    }

    /** Reports no clone took: dropped past the bound, or replaced by a later thread of the same id. */
    long unused() {
        return unused.get();
    }

    /** Reports waiting for their clone. */
    int size() {
        return byTid.size();
    }
}
