package dev.kestrel.sensor.ebpf;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts records back in kernel-time order. bpftrace reads one buffer per CPU, so a child's exec can
 * be read before the fork that made it; records wait here until a heartbeat shows that the kernel
 * clock passed them by {@code windowNanos}. Bounded: past {@code capacity} waiting records the
 * oldest goes out early (counted). Not thread-safe: used by the reading thread only.
 */
final class ReorderBuffer {

    private record Entry(SensorRecord record, long seq) {
    }

    private final PriorityQueue<Entry> waiting = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.record().ts(), b.record().ts());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final long windowNanos;
    private final int capacity;
    private final Consumer<SensorRecord> out;
    private long seq;
    private long early;

    ReorderBuffer(long windowNanos, int capacity, Consumer<SensorRecord> out) {
        this.windowNanos = windowNanos;
        this.capacity = capacity;
        this.out = out;
    }

    void add(SensorRecord r) {
        waiting.add(new Entry(r, seq++));
        if (waiting.size() > capacity) {
            early++;
            out.accept(waiting.poll().record());
        }
    }

    /** The kernel clock reached {@code now}: releases every record older than the window. */
    void advance(long now) {
        long limit = now - windowNanos;
        while (!waiting.isEmpty() && waiting.peek().record().ts() <= limit) {
            out.accept(waiting.poll().record());
        }
    }

    /** Releases everything (the stream ended). */
    void flush() {
        while (!waiting.isEmpty()) {
            out.accept(waiting.poll().record());
        }
    }

    /** Records released before their window passed because the buffer was full. */
    long releasedEarly() {
        return early;
    }
}
