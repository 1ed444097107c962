package dev.kestrel.sensor.ebpf;

import static dev.kestrel.sensor.ebpf.RecordPipeline.put;

import dev.kestrel.sensor.proc.FdScanLimits;
import dev.kestrel.sensor.proc.ProcScanner;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Finds the processes whose first record comes before any record naming them (their fork record was
 * lost in the kernel, or came too late) and has them read from /proc before that record is written,
 * as libsinsp reads a thread it does not know when its first event comes: without it such a process
 * has no parent, command nor container until it execs. Only the writing thread uses it.
 *
 * <p>A process is named by a /proc read, by either side of the fork that made it, and by its exec; a
 * thread-group leader's exit forgets it (its pid may be reused). The reads are bounded by
 * {@link #MAX_READS_PER_SECOND} and {@link #MAX_READ_NANOS_PER_SECOND} of reading per second of kernel time;
 * past them the process is read at a later record of its own that comes within the budget. For a process
 * over the budget, gone or ended by the time it is read, and once the probes are being detached, the record
 * is written as before, and each case is counted once per process.
 */
final class UnseenProcesses {

    /** The most /proc reads in one second of kernel time: a storm of lost forks costs the writer this much at most. */
    static final int MAX_READS_PER_SECOND = 100;
    /**
     * The most time the reads may take in one second of kernel time (a tenth of the writing thread's): a process
     * whose network namespace has large socket tables costs more to read than one without sockets. A read that
     * takes longer is owed by the seconds after it.
     */
    static final long MAX_READ_NANOS_PER_SECOND = 100_000_000L;
    /**
     * One more than the kernel's largest pid on 64-bit machines ({@code PID_MAX_LIMIT}): pids are one bit each,
     * so each of the three sets holds at most 512 KiB. A pid at or above it is never read.
     */
    static final int PID_LIMIT = 4 * 1024 * 1024;

    private static final long SECOND = 1_000_000_000L;
    /** How finely the kernel gives a process's start time in /proc (one clock tick). */
    private static final long START_TICK_NANOS = 10_000_000L;

    /** Reads one process from /proc with its fds, or gives null when it is gone. */
    interface ProcessReader {
        ProcessRead read(long pid);
    }

    /**
     * A process read from /proc, and when it started on the clock of the records' times (the kernel's monotonic
     * nanoseconds; -1: unknown, not compared with the record's).
     */
    record ProcessRead(SensorRecord.Snapshot snapshot, long startedNanos) {
    }

    private final BitSet named = new BitSet();
    /** Pids whose leader's exit was seen: their other threads may still run, and only a new leader's record is read. */
    private final BitSet leaderEnded = new BitSet();
    /** Pids not named yet whose read was put off (over the budget): counted once, read at a later record. */
    private final BitSet putOff = new BitSet();
    private final ProcessReader reader;
    private final LongSupplier clock;
    private long windowStart = Long.MIN_VALUE;
    private int readsInWindow;
    private long nanosInWindow;
    // written by the writing thread only, read by any (the summary)
    private volatile long delivered;
    private volatile long gone;
    private volatile long ended;
    private volatile long bornAfter;
    private volatile long overRate;
    private volatile long whileDetaching;
    /** Kernel time from which the probes are being detached (set by the reading thread). */
    private volatile long detachingFrom = Long.MAX_VALUE;

    /** What the reads left out of their processes' fds and command lines, by reason. */
    private final Map<String, Long> readsSkipped;

    /** Reading with {@code reader} (tests). */
    UnseenProcesses(ProcessReader reader) {
        this(reader, System::nanoTime);
    }

    /** Reading with {@code reader}, its time measured by {@code clock} (nanoseconds; tests). */
    UnseenProcesses(ProcessReader reader, LongSupplier clock) {
        this(reader, clock, Map.of());
    }

    private UnseenProcesses(ProcessReader reader, LongSupplier clock, Map<String, Long> readsSkipped) {
        this.reader = reader;
        this.clock = clock;
        this.readsSkipped = readsSkipped;
    }

    /** Reading the tree under {@code proc}, each process's fds within {@code limits}, at most {@code maxArgBytes} of its command line. */
    static UnseenProcesses fromProc(Path proc, FdScanLimits limits, int maxArgBytes) {
        Map<String, Long> skipped = new ConcurrentHashMap<>();
        ProcScanner starts = new ProcScanner(proc);
        return new UnseenProcesses(pid -> {
            ProcBootstrap one = ProcBootstrap.one(proc, limits, maxArgBytes, pid);
            one.skipped().forEach((reason, n) -> skipped.merge(reason, n, Long::sum));
            return one.snapshots().isEmpty() ? null : new ProcessRead(one.snapshots().get(0), starts.startMonotonicNanos(pid));
        }, System::nanoTime, skipped);
    }

    /**
     * Notes what {@code r} names and returns the process to write before it: its process read from /proc
     * when nothing named it yet, or null.
     */
    SensorRecord.Snapshot before(SensorRecord r) {
        long pid = r.pid();
        if (pid <= 0 || pid >= PID_LIMIT) {
            return null;
        }
        if (r instanceof SensorRecord.Snapshot || r instanceof SensorRecord.Exec) {
            name(pid);
            return null;
        }
        if (r instanceof SensorRecord.Exit x) {
            if (x.tid() == x.pid()) {
                named.clear((int) pid);
                putOff.clear((int) pid);
                leaderEnded.set((int) pid);
            }
            return null;
        }
        if (r instanceof SensorRecord.Clone c && (c.flags() & SensorRecord.Clone.CLONE_THREAD) == 0) {
            if (c.ret() == 0) {
                name(pid);  // the new process's own report
                return null;
            }
            if (c.ret() > 0 && c.ret() < PID_LIMIT) {
                name(c.ret());
            }
        }
        if (named.get((int) pid)) {
            return null;
        }
        if (leaderEnded.get((int) pid) && tid(r) != pid) {
            return null;  // a thread that outlived its leader: the engine still has its process
        }
        if (r.ts() >= detachingFrom) {
            name(pid);
            whileDetaching++;  // its fork may have come after the fork program was detached
            return null;
        }
        if (!withinBudget(r.ts())) {
            if (!putOff.get((int) pid)) {
                putOff.set((int) pid);
                overRate++;
            }
            return null;  // tried again at its next record
        }
        name(pid);
        return read(r.ts(), pid);
    }

    private void name(long pid) {
        named.set((int) pid);
        leaderEnded.clear((int) pid);
        putOff.clear((int) pid);
    }

    /** The thread a record reports on (its process's id for records about a whole process). */
    private static long tid(SensorRecord r) {
        if (r instanceof SensorRecord.Call c) {
            return c.tid();
        } else if (r instanceof SensorRecord.Net n) {
            return n.tid();
        } else if (r instanceof SensorRecord.Clone c) {
            return c.tid();
        } else if (r instanceof SensorRecord.FailedExec x) {
            return x.tid();
        }
        return r.pid();
    }

    /** Whether a read at kernel time {@code ts} is within the second's budget (moving the window to that second). */
    private boolean withinBudget(long ts) {
        // records released early (the reorder buffer full) may be older: the window never moves back; reading
        // time past a second's budget is owed by the seconds after it
        if (windowStart == Long.MIN_VALUE) {
            windowStart = ts;
        } else if (ts - windowStart >= SECOND) {
            long seconds = (ts - windowStart) / SECOND;
            windowStart += seconds * SECOND;
            readsInWindow = 0;
            // a debt is at most one read's time: a million seconds pay any
            nanosInWindow = Math.max(0, nanosInWindow - Math.min(seconds, 1_000_000L) * MAX_READ_NANOS_PER_SECOND);
        }
        return readsInWindow < MAX_READS_PER_SECOND && nanosInWindow < MAX_READ_NANOS_PER_SECOND;
    }

    private SensorRecord.Snapshot read(long ts, long pid) {
        readsInWindow++;
        long started = clock.getAsLong();
        ProcessRead found;
        try {
            found = reader.read(pid);
        } catch (DirectoryIteratorException | UncheckedIOException e) {
            found = null;  // /proc changed under the read (the process ended): as gone, not a writing error
        }
        nanosInWindow += clock.getAsLong() - started;
        if (found == null) {
            gone++;
            return null;
        }
        SensorRecord.Snapshot s = found.snapshot();
        // A leader that ended while its threads run (a zombie) has neither program nor command line left to read.
        if (s.process().exe().isEmpty() && s.process().args().isEmpty()) {
            ended++;
            return null;
        }
        // Its pid taken by a process born after the record (the read comes a reorder window or more later);
        // the kernel gives start times in 10 ms ticks, /proc/uptime in hundredths of a second.
        if (found.startedNanos() >= 0 && found.startedNanos() > ts + 2 * START_TICK_NANOS) {
            bornAfter++;
            return null;
        }
        delivered++;
        return s;
    }

    /**
     * From kernel time {@code kernelTime} on the probes are being detached, one by one: a process first seen
     * then may just have had its fork missed, and is not read.
     */
    void detachingFrom(long kernelTime) {
        detachingFrom = kernelTime;
    }

    /** Processes read from /proc and written before their first record. */
    long delivered() {
        return delivered;
    }

    /** How many processes were read, and what was not read or not delivered, by reason (zeros left out). */
    Map<String, Long> skipped() {
        Map<String, Long> out = new TreeMap<>(readsSkipped);
        put(out, "processes first seen by their own records, read from /proc then (no record of their fork was seen)", delivered);
        put(out, "processes first seen by their own records, gone from /proc when read (no parent, command nor container"
                + " until they exec)", gone);
        put(out, "processes first seen by their own records, ended when read (their leader a zombie; not delivered)", ended);
        put(out, "processes first seen by their own records, their pid taken by a newer process when read (not delivered)",
                bornAfter);
        put(out, "processes first seen by their own records, their read put off: over " + MAX_READS_PER_SECOND
                + " /proc reads or " + MAX_READ_NANOS_PER_SECOND / 1_000_000 + " ms of reading in a second (no parent, command"
                + " nor container until a later record of theirs comes within the budget, or they exec)", overRate);
        put(out, "processes first seen by their own records while the probes were being detached, not read (their fork"
                + " may have come after the fork program was detached)", whileDetaching);
        return out;
    }
}
