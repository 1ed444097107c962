package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.OpenPathFilter;
import dev.kestrel.sensor.proc.FdScanLimits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How an {@link EbpfSource} runs. Immutable; {@link #defaults()} then the {@code with...} methods.
 *
 * @param bpftrace the bpftrace program (a path, or a name looked up on the PATH)
 * @param events the event types the rules need (the always-on set is added), or null for every type the sensor produces
 * @param command a command started once the probes are attached (the source ends after it exits), or empty
 * @param queueCapacity how many records may wait between the reader and evaluation (in the reorder buffer,
 *                      and again in the queue to evaluation)
 * @param maxQueueWait how long the reader waits for room before dropping a record (counted), 0 to {@link #MAX_QUEUE_WAIT}
 * @param maxArgBytes how many bytes of a new program's argument area are read (at most 32 KiB)
 * @param reorderWindow how long records wait to be put back in kernel-time order, more than 0, at most {@link #MAX_REORDER_WINDOW}
 * @param perfPagesPerCpu the size of bpftrace's per-CPU output buffer, in 4 KiB pages (a power of two)
 * @param startTimeout how long bpftrace may take to compile and attach its probes, more than 0, at most {@link #MAX_START_TIMEOUT}
 * @param openPaths the file opens the rules could match; the others (and their fds' closes) stay in the kernel
 * @param mapEntries how many entries each of the program's hash maps holds (bpftrace preallocates them:
 *                   about 104 bytes each, times some 34 maps with Falco's rules), {@link #MIN_MAP_ENTRIES}
 *                   to {@link #MAX_MAP_ENTRIES}
 * @param queueBytes how many bytes of records may wait, as {@code queueCapacity} (estimated: an exec with
 *                   4 KiB of arguments is about 9 KiB); past it the reorder buffer releases records early
 *                   and the queue to evaluation drops them, both counted
 * @param bootstrapFds how many open fds the /proc bootstrap reads: per process, in all, and bytes of their
 *                     names ({@link FdScanLimits#DEFAULTS} when null); what is past them is counted, not read
 */
public record EbpfOptions(String bpftrace, Set<EventType> events, List<String> command, int queueCapacity,
                          Duration maxQueueWait, int maxArgBytes, Duration reorderWindow, int perfPagesPerCpu,
                          Duration startTimeout, OpenPathFilter openPaths, int mapEntries, long queueBytes,
                          FdScanLimits bootstrapFds) {

    /** The fewest entries a map of the program may hold. */
    public static final int MIN_MAP_ENTRIES = 1024;

    /** The most entries a map of the program may hold. */
    public static final int MAX_MAP_ENTRIES = 1 << 20;

    /** The default byte budget of each of the two waits between the reader and evaluation: 64 MiB. */
    public static final long DEFAULT_QUEUE_BYTES = 64L << 20;

    /** The longest the reader may wait for room in the queue to evaluation. */
    public static final Duration MAX_QUEUE_WAIT = Duration.ofMinutes(1);

    /** The longest records may wait to be put back in order. */
    public static final Duration MAX_REORDER_WINDOW = Duration.ofMinutes(1);

    /** The longest bpftrace may take to compile and attach its probes. */
    public static final Duration MAX_START_TIMEOUT = Duration.ofHours(1);

    /** @throws IllegalArgumentException with a sentence naming the setting, when one is missing or out of its range */
    public EbpfOptions {
        if (bpftrace == null || bpftrace.isBlank()) {
            throw new IllegalArgumentException("bpftrace must name the bpftrace program (a path, or a name on the PATH)");
        }
        if (command == null || command.stream().anyMatch(a -> a == null)) {
            throw new IllegalArgumentException("command must be a list of words without nulls (empty: no command)");
        }
        if (events != null && events.stream().anyMatch(t -> t == null)) {
            throw new IllegalArgumentException("events must not contain null (null instead of the set: every type)");
        }
        within("maxQueueWait", maxQueueWait, true, MAX_QUEUE_WAIT, "1 minute");
        within("reorderWindow", reorderWindow, false, MAX_REORDER_WINDOW, "1 minute");
        within("startTimeout", startTimeout, false, MAX_START_TIMEOUT, "1 hour");
        events = events == null ? null : Set.copyOf(events.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(events));
        command = List.copyOf(command);
        openPaths = openPaths == null ? OpenPathFilter.everything() : openPaths;
        bootstrapFds = bootstrapFds == null ? FdScanLimits.DEFAULTS : bootstrapFds;
        if (queueCapacity <= 0 || maxArgBytes <= 0 || maxArgBytes > 32_768 || Integer.bitCount(perfPagesPerCpu) != 1) {
            throw new IllegalArgumentException("queueCapacity and maxArgBytes (<= 32768) must be positive and "
                    + "perfPagesPerCpu a power of two");
        }
        if (queueBytes <= 0) {
            throw new IllegalArgumentException("queueBytes must be positive, not " + queueBytes);
        }
        if (mapEntries < MIN_MAP_ENTRIES || mapEntries > MAX_MAP_ENTRIES) {
            throw new IllegalArgumentException("mapEntries must be between " + MIN_MAP_ENTRIES + " and " + MAX_MAP_ENTRIES
                    + ", not " + mapEntries);
        }
    }

    private static void within(String name, Duration d, boolean zeroAllowed, Duration max, String maxText) {
        if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed) || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "from 0 to " : "more than 0 and at most ")
                    + maxText + ", not " + d);
        }
    }

    /**
     * bpftrace from the PATH, every event type and every open, no command, 262,144 queued records and
     * 64 MiB of them, 4 KiB of arguments, 100 ms of reordering, 65,536 entries per map, and the
     * bootstrap's fds within {@link FdScanLimits#DEFAULTS}.
     */
    public static EbpfOptions defaults() {
        return new EbpfOptions("bpftrace", null, List.of(), 262_144, Duration.ofSeconds(1), 4096, Duration.ofMillis(100),
                1024, Duration.ofMinutes(3), null, 65_536, DEFAULT_QUEUE_BYTES, FdScanLimits.DEFAULTS);
    }

    public EbpfOptions withBpftrace(String path) {
        return new EbpfOptions(path, events, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, queueBytes, bootstrapFds);
    }

    /** Only the event types {@code types} (plus the always-on ones); null: all. */
    public EbpfOptions withEvents(Set<EventType> types) {
        return new EbpfOptions(bpftrace, types, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, queueBytes, bootstrapFds);
    }

    public EbpfOptions withCommand(List<String> argv) {
        return new EbpfOptions(bpftrace, events, argv, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, queueBytes, bootstrapFds);
    }

    public EbpfOptions withQueueCapacity(int capacity) {
        return new EbpfOptions(bpftrace, events, command, capacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, queueBytes, bootstrapFds);
    }

    /** At most {@code bytes} bytes of records wait in the reorder buffer, and again in the queue to evaluation. */
    public EbpfOptions withQueueBytes(long bytes) {
        return new EbpfOptions(bpftrace, events, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, bytes, bootstrapFds);
    }

    /**
     * Leaves in the kernel the file opens {@code filter} skips (see {@code Kestrel.openPathFilter()}), and
     * the closes of their fds; they are counted, not delivered. {@code OpenPathFilter.everything()}: all delivered.
     */
    public EbpfOptions withOpenPaths(OpenPathFilter filter) {
        return new EbpfOptions(bpftrace, events, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, filter, mapEntries, queueBytes, bootstrapFds);
    }

    /**
     * Entries per hash map of the program: less kernel memory, but a map that fills up loses the
     * calls whose arguments it could not save (their exits find nothing to print).
     */
    public EbpfOptions withMapEntries(int entries) {
        return new EbpfOptions(bpftrace, events, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, entries, queueBytes, bootstrapFds);
    }

    /** The /proc bootstrap reads open fds within {@code limits}; what is past them is counted. */
    public EbpfOptions withBootstrapFds(FdScanLimits limits) {
        return new EbpfOptions(bpftrace, events, command, queueCapacity, maxQueueWait, maxArgBytes, reorderWindow,
                perfPagesPerCpu, startTimeout, openPaths, mapEntries, queueBytes, limits);
    }
}
