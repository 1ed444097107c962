package dev.kestrel.sensor.ebpf;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records {@link RecordAssembler} could not read whole: lines not understood, by reason,
 * and records seen in part, by when they were seen (while the probes were being attached, while they
 * were being detached, or in between, when parts were lost). Counted by the reading thread; read by any.
 */
final class PartialRecords {

    private final Map<String, Long> unparsed = new ConcurrentHashMap<>();
    private volatile long attachedAt = Long.MAX_VALUE;
    private volatile long detachingFrom = Long.MAX_VALUE;
    private final AtomicLong seenWhileAttaching = new AtomicLong();
    private final AtomicLong seenWhileDetaching = new AtomicLong();

    /** Sets the kernel time by which every probe was attached. */
    void attachedAt(long kernelTime) {
        attachedAt = kernelTime;
    }

    /** Sets the kernel time at which the probes began to be detached. */
    void detachingFrom(long kernelTime) {
        detachingFrom = kernelTime;
    }

    /** Whether the probes began to be detached. */
    boolean detaching() {
        return detachingFrom != Long.MAX_VALUE;
    }

    /**
     * Counts an exec at kernel time {@code ts} seen in part: while the probes were being attached (the
     * three exec programs attach one after the other) or detached, else under {@code reason}.
     */
    void exec(long ts, String reason) {
        if (ts < attachedAt) {
            seenWhileAttaching.incrementAndGet();
        } else {
            call(ts, reason);
        }
    }

    /** Counts a call (or exec part) at kernel time {@code ts} seen in part: while detaching, else under {@code reason}. */
    void call(long ts, String reason) {
        if (ts >= detachingFrom) {
            seenWhileDetaching.incrementAndGet();
        } else {
            unparsed(reason);
        }
    }

    /** Counts a part without a time of its own: while detaching, else under {@code reason}. */
    void untimed(String reason) {
        if (detaching()) {
            seenWhileDetaching.incrementAndGet();
        } else {
            unparsed(reason);
        }
    }

    /** Counts a line not understood, under {@code reason}. */
    void unparsed(String reason) {
        unparsed.merge(reason, 1L, Long::sum);
    }

    /** Execs seen in part while the probes were being attached. */
    long seenWhileAttaching() {
        return seenWhileAttaching.get();
    }

    /** Records seen in part while the probes were being detached. */
    long seenWhileDetaching() {
        return seenWhileDetaching.get();
    }

    /** Lines not understood and records with parts lost, by reason (a sorted copy). */
    Map<String, Long> unparsed() {
        return new TreeMap<>(unparsed);
    }
}
