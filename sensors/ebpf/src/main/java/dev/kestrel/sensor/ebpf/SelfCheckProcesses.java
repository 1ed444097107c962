package dev.kestrel.sensor.ebpf;

import java.util.Arrays;

/**
 * The processes the sensor starts for its own checks (the {@link ReadinessCheck}'s marker command)
 * and their descendants, whose records must never reach the rules: a shell started by the Kestrel
 * JVM is exactly what "Shell spawned by a Java process" looks for, and in prevention mode that alert
 * could end the pod Kestrel runs in. Every hidden record is counted.
 *
 * <p>A record is hidden when its process id is a check process's and its time is before that
 * process ended (its exit record, or its parent seeing it end), so a later process that reuses the
 * id is never hidden, whatever order records arrive in (an exec seen in part goes out late). A
 * check process is known from the moment its start returns; its first record reaches the writing
 * thread only after the reorder window (100 ms by default), so none is missed unless the starting
 * thread stalls that long, and such a record is then delivered, not lost.
 *
 * <p>Processes are added on the starting thread ({@link #started}, {@link #ended}); records are
 * checked on the thread that writes events ({@link #hides}). When no check process is known,
 * {@link #hides} is one volatile read. Thread-safe.
 */
final class SelfCheckProcesses {

    /** The end time of a process that is still running. */
    private static final long RUNNING = Long.MAX_VALUE;

    private final long forgetAfterNanos;
    private long[] pids = new long[4];
    /** The check process each one descends from (itself for a check process). */
    private long[] roots = new long[4];
    /** When the process ended, kernel monotonic ns (the clock of {@link System#nanoTime()}). */
    private long[] endedAt = new long[4];
    private int size;
    private volatile int known;
    private long latest;
    private long hidden;

    /**
     * {@code forgetAfterNanos}: how long after a process ended its id is still checked, for records
     * that go out late (an exec seen in part waits for its missing parts before it goes out).
     */
    SelfCheckProcesses(long forgetAfterNanos) {
        this.forgetAfterNanos = forgetAfterNanos;
    }

    /** A check process was started as {@code pid}; its records are hidden from now on. */
    synchronized void started(long pid) {
        add(pid, pid, RUNNING);
    }

    /**
     * The check process {@code pid} has ended (its parent saw it exit) at {@code nanoTime}, and its
     * descendants with it (a marker command waits for the programs it runs).
     */
    synchronized void ended(long pid, long nanoTime) {
        for (int i = 0; i < size; i++) {
            if (roots[i] == pid) {
                endedAt[i] = Math.min(endedAt[i], nanoTime);
            }
        }
    }

    /** True when {@code r} is about a check process (it must not become an event); counts it. */
    boolean hides(SensorRecord r) {
        if (known == 0) {
            return false;
        }
        synchronized (this) {
            return hidesLocked(r);
        }
    }

    /** How many records were hidden. */
    synchronized long hidden() {
        return hidden;
    }

    private boolean hidesLocked(SensorRecord r) {
        long ts = r.ts();
        latest = Math.max(latest, ts);
        for (int i = size - 1; i >= 0; i--) {
            if (endedAt[i] != RUNNING && latest - endedAt[i] > forgetAfterNanos) {
                remove(i);
            }
        }
        long pid = r.pid();
        int at = indexOf(pid, ts);
        if (at < 0 && r instanceof SensorRecord.Clone c && c.ret() == 0 && (at = indexOf(c.ptid(), ts)) >= 0) {
            // The child's first record: it belongs to the check until it or the check ends.
            add(pid, roots[at], endedAt[at]);
            at = size - 1;
        }
        if (at < 0) {
            return false;
        }
        if (r instanceof SensorRecord.Exit x && x.tid() == x.pid()) {
            endedAt[at] = Math.min(endedAt[at], ts); // its id may be reused from now on
        }
        hidden++;
        return true;
    }

    /** The entry of process {@code pid} if it was running at {@code ts}, else -1. */
    private int indexOf(long pid, long ts) {
        for (int i = 0; i < size; i++) {
            if (pids[i] == pid && ts <= endedAt[i]) {
                return i;
            }
        }
        return -1;
    }

    private void add(long pid, long root, long end) {
        if (size == pids.length) {
            pids = Arrays.copyOf(pids, size * 2);
            roots = Arrays.copyOf(roots, size * 2);
            endedAt = Arrays.copyOf(endedAt, size * 2);
        }
        pids[size] = pid;
        roots[size] = root;
        endedAt[size] = end;
        size++;
        known = size;
    }

    private void remove(int i) {
        size--;
        pids[i] = pids[size];
        roots[i] = roots[size];
        endedAt[i] = endedAt[size];
        known = size;
    }
}
