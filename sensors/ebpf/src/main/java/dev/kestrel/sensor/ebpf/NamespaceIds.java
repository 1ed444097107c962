package dev.kestrel.sensor.ebpf;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a new thread of a container (a PID namespace other than the host's) has there, as the
 * program queues them from the thread's own return from its clone ({@code V|ts|tid|vtid|vpid}), until
 * the fork's child-side report goes out and takes them ({@link #named}). A report is taken only by a
 * fork made before it, so one left by an earlier thread of the same id never names a later one.
 * Bounded in count ({@code maxEntries}, the oldest dropped) and in age ({@link #expire}); every report
 * no fork took is counted. Used by the reading thread only; its counter may be read from any thread.
 */
final class NamespaceIds {

    /** Heap bytes an entry costs: the map's entry, the boxed thread id and the three numbers. */
    static final long ENTRY_BYTES = 112;

    private final int maxEntries;
    /** By thread id: {kernel time of the report, vtid, vpid}. */
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

    /** A {@code V} line: at kernel time {@code ts}, thread {@code tid} is {@code vtid} in its PID namespace, and its process {@code vpid}. */
    void report(long ts, long tid, long vtid, long vpid) {
        if (byTid.put(tid, new long[] {ts, vtid, vpid}) != null) {
            unused.incrementAndGet();  // an earlier thread of the same id whose report no fork took
        }
    }

    /**
     * {@code r} with the ids its child reported, when it is a fork's child-side report and its child
     * reported after it; else {@code r}. Called once the report's reorder window passed, by when the
     * child's own report was read, unless the child first ran later than that (counted at {@link #expire}).
     */
    SensorRecord named(SensorRecord r) {
        if (r instanceof SensorRecord.Clone c && c.childSide()) {
            long[] ids = byTid.get(c.tid());
            if (ids != null && ids[0] >= c.ts()) {
                byTid.remove(c.tid());
                if (ids[1] > 0 && ids[2] > 0) {
                    return c.withNamespaceIds(ids[1], ids[2]);
                }
                unused.incrementAndGet();
            }
        }
        return r;
    }

    /** Drops, counted, the reports made before kernel time {@code before}: their fork went out already, or never came. */
    void expire(long before) {
        for (Iterator<long[]> it = byTid.values().iterator(); it.hasNext(); ) {
            if (it.next()[0] < before) {
                it.remove();
                unused.incrementAndGet();
            }
        }
    }

    /** At the end of the stream: every report still held is one no fork took. */
    void finish() {
        unused.addAndGet(byTid.size());
        byTid.clear();
    }

    /** Reports no fork took: too late, too old, dropped past the bound, replaced, or unreadable. */
    long unused() {
        return unused.get();
    }

    /** Reports waiting for their fork. */
    int size() {
        return byTid.size();
    }
}
