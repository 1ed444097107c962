package dev.kestrel.sensor.ebpf;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Puts records back in kernel-time order. bpftrace reads one buffer per CPU, so a child's exec can
 * be read before the fork that made it; records wait here until a heartbeat shows that the kernel
 * clock passed them by {@code windowNanos}. Records of the same time leave in the order they came.
 * Bounded: past {@code capacity} waiting records, or {@code maxBytes} of them ({@link SensorRecord#bytes()}),
 * the oldest go out early (counted). Not thread-safe: used by the reading thread only, but for
 * {@link #releasedEarly()}, which any thread may read.
 *
 * <p>A binary heap over parallel arrays: ordering compares two longs in place, with no call on the
 * record (it was the reading thread's hottest spot at 100,000 records a second).
 */
final class ReorderBuffer {

    private static final int INITIAL = 1024;

    private final long windowNanos;
    private final int capacity;
    private final long maxBytes;
    private final Consumer<SensorRecord> out;
    private long[] times = new long[INITIAL];
    private long[] arrivals = new long[INITIAL];
    private SensorRecord[] records = new SensorRecord[INITIAL];
    private int size;
    private long arrival;
    /** Written by the reading thread only when the buffer is full, read by the counters from any thread. */
    private volatile long early;
    private long bytes;

    ReorderBuffer(long windowNanos, int capacity, long maxBytes, Consumer<SensorRecord> out) {
        this.windowNanos = windowNanos;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.out = out;
    }

    void add(SensorRecord r) {
        if (size == times.length) {
            int grown = times.length * 2;
            times = Arrays.copyOf(times, grown);
            arrivals = Arrays.copyOf(arrivals, grown);
            records = Arrays.copyOf(records, grown);
        }
        long time = r.ts();
        long order = arrival++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, order, times[parent], arrivals[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, time, order, r);
        bytes += r.bytes();
        while (size > capacity || bytes > maxBytes) {
            early++;
            out.accept(poll());
        }
    }

    /** The kernel clock reached {@code now}: releases every record older than the window. */
    void advance(long now) {
        long limit = now - windowNanos;
        while (size > 0 && times[0] <= limit) {
            out.accept(poll());
        }
    }

    /** Releases everything (the stream ended). */
    void flush() {
        while (size > 0) {
            out.accept(poll());
        }
    }

    /** Records released before their window passed because the buffer was full. */
    long releasedEarly() {
        return early;
    }

    /** Records waiting. */
    int waiting() {
        return size;
    }

    /** Bytes of the records waiting ({@link SensorRecord#bytes()}). */
    long waitingBytes() {
        return bytes;
    }

    private SensorRecord poll() {
        SensorRecord first = records[0];
        bytes -= first.bytes();
        int last = --size;
        long time = times[last];
        long order = arrivals[last];
        SensorRecord r = records[last];
        records[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && before(times[right], arrivals[right], times[child], arrivals[child])) {
                    child = right;
                }
                if (!before(times[child], arrivals[child], time, order)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, time, order, r);
        }
        return first;
    }

    private static boolean before(long time, long order, long otherTime, long otherOrder) {
        return time < otherTime || (time == otherTime && order < otherOrder);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        arrivals[to] = arrivals[from];
        records[to] = records[from];
    }

    private void put(int i, long time, long order, SensorRecord r) {
        times[i] = time;
        arrivals[i] = order;
        records[i] = r;
    }
}
