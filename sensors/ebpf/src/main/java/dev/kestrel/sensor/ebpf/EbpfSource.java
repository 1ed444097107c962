package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.SourceCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eBPF sensor: runs bpftrace with the program {@link BpftraceScript} writes and reads its text
 * output on a reader thread into a {@link RecordPipeline}, which puts the records back in kernel-time
 * order and hands them through a bounded queue to a second thread that writes events into the sink. Once the probes are attached
 * it delivers the host's accounts and every running process with its open fds (the /proc bootstrap),
 * then, if the options name one, starts the command to watch.
 *
 * <p>Nothing is lost silently: events the kernel could not hand to bpftrace (its buffer or a CPU's
 * record queue was full) are counted in {@link #lost()}, records the queue to evaluation had no room
 * for in {@link SourceCounters#dropped()}, lines not understood in {@link SourceCounters#unparsed()}.
 * Thread-safe; it starts once ({@link SourceLifecycle}), and a start during or after a stop gives up, leaving no
 * bpftrace running ({@link BpftraceRun} launches, awaits and ends it).
 */
public final class EbpfSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(EbpfSource.class);

    /** The counter of records lost because their CPU's queue in the kernel was full ({@link KernelQueues}). */
    public static final String QUEUE_LOST = "lost in the kernel (a CPU's record queue was full)";

    /** The counter of calls not printed because their saved registers were not found ({@link SyscallRegisters}). */
    public static final String REGISTERS_NOT_FOUND = "lost in the kernel (the call's saved registers were not found)";

    /**
     * The counter of calls whose exit found no arguments saved at their entry: begun before the probes were
     * attached, or the map that holds them from entry to exit was full ({@code EbpfOptions.mapEntries}).
     */
    public static final String ENTRIES_MISSING =
            "calls seen only at their exit (begun before the probes attached, or the map saving their arguments was full)";

    /** The counter of opens no loaded rule can match, left in the kernel with their closes. */
    public static final String OPENS_LEFT_IN_KERNEL = "opens left in the kernel (no loaded rule can match their path)";
    /** The counter of sends the kernel program did not print: they named no destination (a connected socket's). */
    public static final String SENDS_LEFT_IN_KERNEL = "sends left in the kernel (on a connected socket, no destination named)";
    /** The counter of runs whose last output never arrived: bpftrace ended before its END program's last line. */
    public static final String END_CUT_OFF = "runs cut off before bpftrace's last line (what it had not yet written out is lost)";
    /** The counter of records seen in part because bpftrace was detaching its probes as the sensor stopped. */
    public static final String SEEN_WHILE_DETACHING = "records seen in part while the probes were being detached";
    /** The counter of records about the sensor's own start-up check processes, which never reach the rules. */
    public static final String SELF_CHECK_RECORDS = "records of the sensor's own start-up check (not shown to the rules)";

    /** How long a stop waits for a start under way to see it and end what it launched. */
    private static final Duration START_SEES_STOP = Duration.ofSeconds(60);

    private final EbpfOptions options;
    private final OciRuntimeMetadata metadata;
    private final SelfCheckProcesses selfChecks;
    private volatile ReadinessCheck readiness;
    private volatile RecordPipeline pipeline;
    private volatile WatchedCommand command;
    private final SourceLifecycle lifecycle = new SourceLifecycle();
    private final Object shutDownLock = new Object();
    private final boolean savedRegisters;
    private final BpftraceRun run;
    private final String markerPrefix = ReadinessCheck.MARKER_PREFIX + Long.toHexString(System.nanoTime()) + "-";
    private volatile BpftraceScript script;
    private volatile String token;

    /** A source with {@code options}, reading container metadata from the default runtime roots. */
    public EbpfSource(EbpfOptions options) {
        this(options, new OciRuntimeMetadata());
    }

    /** A source with {@code options} and {@code metadata} (null: no container metadata). */
    public EbpfSource(EbpfOptions options, OciRuntimeMetadata metadata) {
        this(options, metadata, true);
    }

    /**
     * As above; {@code savedRegisters} false saves every call's arguments at its entry even where they
     * could be read from the saved registers at its exit ({@link SyscallRegisters}), as on other machines.
     */
    EbpfSource(EbpfOptions options, OciRuntimeMetadata metadata, boolean savedRegisters) {
        this(options, metadata, savedRegisters, BpftraceLaunch.HOST, Duration.ofSeconds(30));
    }

    /** As above, starting bpftrace through {@code launch}; stopping waits up to {@code drainWait} for evaluation. */
    EbpfSource(EbpfOptions options, OciRuntimeMetadata metadata, boolean savedRegisters, BpftraceLaunch launch,
               Duration drainWait) {
        this.savedRegisters = savedRegisters;
        this.run = new BpftraceRun(options, launch, lifecycle, drainWait);
        this.options = options;
        this.metadata = metadata;
        // An exec seen in part goes out up to PARTS_WAIT_WINDOWS late: check ids twice that long.
        this.selfChecks = new SelfCheckProcesses(options.reorderWindow().toNanos() * RecordPipeline.PARTS_WAIT_WINDOWS * 2);
    }

    @Override
    public String name() {
        return EbpfSourceProvider.NAME;
    }

    /** The options this source runs with. */
    public EbpfOptions options() {
        return options;
    }

    /**
     * Starts bpftrace and returns once its probes are attached and the running processes were
     * delivered (compiling the program takes seconds, up to {@link EbpfOptions#startTimeout()}).
     *
     * @throws EventSourceException when a prerequisite is missing or bpftrace fails to attach; the
     *                              message says which and how to fix it
     */
    @Override
    public void start(EventSink sink) throws EventSourceException {
        lifecycle.beginStart();
        boolean started = false;
        try {
            launchAndAttach(sink);
            lifecycle.running();
            started = true;
        } finally {
            if (!started) {
                // Whatever made the start give up: nothing it started stays running.
                lifecycle.stop();
                shutDown();
            }
            lifecycle.startSettled();
        }
    }

    /** Launches bpftrace, waits for its probes, then starts the command; gives up as soon as a stop came. */
    private void launchAndAttach(EventSink sink) throws EventSourceException {
        String problem = run.missingPrerequisite().orElse(null);
        if (problem != null) {
            throw new EventSourceException(problem);
        }
        KernelLayout layout = KernelLayout.detect(Path.of("/proc"));
        Path events = EbpfPreflight.tracefsEvents(EbpfPreflight.TRACEFS);
        token = BpftraceOutput.newToken();
        Path possible = Path.of("/sys/devices/system/cpu/possible");
        int cpus = KernelLayout.possibleCpus(possible);
        if (cpus < 1) {
            throw new EventSourceException("the eBPF sensor cannot read the kernel's list of possible CPUs (" + possible
                    + "), which it needs to print every CPU's records: mount sysfs at /sys, readable by root.");
        }
        script = new BpftraceScript(options.events(), ProcessHandle.current().pid(), layout, options.maxArgBytes(),
                call -> events != null && Files.isDirectory(events.resolve("syscalls").resolve("sys_enter_" + call)), token,
                new KernelOpenFilter(options.openPaths(), cpus), new KernelQueues(cpus, options.mapEntries()),
                savedRegisters ? SyscallRegisters.forArchitecture(System.getProperty("os.arch"), cpus) : null);
        boolean callsTraced = script.traced().stream().anyMatch(SyscallProbes.BY_TYPE::containsKey);
        // Each source's markers carry its own id, so sensors side by side tell their checks apart.
        readiness = new ReadinessCheck(callsTraced, selfChecks, markerPrefix());
        if (!script.unavailable().isEmpty()) {
            LOG.info("this kernel has no tracepoints for {}; those calls are not watched", script.unavailable());
        }
        if (!script.unwatched().isEmpty()) {
            LOG.info("the sensor has no program for {}; rules on those events do not fire",
                    script.unwatched().stream().map(EventType::falcoName).toList());
        }
        lifecycle.refuseIfStopped();
        RecordPipeline records = new RecordPipeline(options, layout, metadata, selfChecks, readiness, sink);
        pipeline = records;
        run.launch(script.text(), token, records);
        run.awaitReady(readiness, records);
        lifecycle.refuseIfStopped();
        if (!options.command().isEmpty()) {
            try {
                command = WatchedCommand.start(options.command());
            } catch (IOException e) {
                throw new EventSourceException("could not run '" + options.command().get(0) + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * Without a command: waits until bpftrace ends (it was stopped or died). With one: waits until the
     * command exits and the events it caused went through evaluation, then stops the sensor.
     */
    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long began = System.nanoTime();
        long limit = saturatedNanos(timeout);
        WatchedCommand c = command;
        if (c != null) {
            if (!c.waitFor(Duration.ofNanos(limit))) {
                return false;
            }
            // Everything the command caused happened before now; wait until the heartbeat passed now by the window.
            long exitedAt = System.nanoTime();
            while (pipeline.heartbeat() - exitedAt < options.reorderWindow().toNanos() && !run.ended()) {
                if (System.nanoTime() - began > limit) {
                    return false;
                }
                Thread.sleep(20);
            }
            while (!pipeline.caughtUp()) {
                if (System.nanoTime() - began > limit) {
                    return false;
                }
                Thread.sleep(10);
            }
            stop();
            return true;
        }
        if (!run.awaitOutputEnd(limit)) {
            return false;
        }
        return pipeline.await(Duration.ofNanos(Math.max(0, limit - (System.nanoTime() - began))));
    }

    /** {@code d} in nanoseconds, at least 0, or {@link Long#MAX_VALUE} when a long does not hold it. */
    static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /**
     * The command's exit status (128 + N when signal N ended it), or -1 without a command or while it
     * runs; known once {@link #stop} returned, since stopping ends it (killed if SIGTERM did not).
     */
    public int exitStatus() {
        WatchedCommand c = command;
        return c == null ? -1 : c.exitStatus();
    }

    /** Whether the running program reads calls' arguments from their saved registers ({@link SyscallRegisters}). */
    boolean readsSavedRegisters() {
        BpftraceScript s = script;
        return s != null && s.readsSavedRegisters();
    }

    /** The path the program announced for cgroup {@code id} (its kernfs id), or null: for tests. */
    String cgroupPath(long id) {
        RecordPipeline p = pipeline;
        return p == null ? null : p.cgroupPath(id);
    }

    /** Whether the sensor learnt that its /proc shows cgroup paths from the true root (its check process's): for tests. */
    boolean procCgroupPathsFromRoot() {
        RecordPipeline p = pipeline;
        return p != null && p.procCgroupPathsFromRoot();
    }

    /**
     * Events lost in the kernel: dropped because bpftrace's buffer was full (bpftrace's lost-event count),
     * because a CPU's record queue was full, or because a call's saved registers were not found.
     */
    public long lost() {
        RecordPipeline p = pipeline;
        return run.lost() + (p == null ? 0 : p.lostInKernel());
    }

    /**
     * Of the records dropped ({@link SourceCounters#dropped()}), those still waiting for evaluation when
     * stopping had waited for it long enough (30 s), given up then.
     */
    public long droppedAtStop() {
        RecordPipeline p = pipeline;
        return p == null ? 0 : p.droppedAtStop();
    }

    /**
     * Of the records dropped ({@link SourceCounters#dropped()}), those dropped because the queue to
     * evaluation held {@link EbpfOptions#queueBytes()} bytes of records.
     */
    public long droppedOverBytes() {
        RecordPipeline p = pipeline;
        return p == null ? 0 : p.droppedOverBytes();
    }

    /**
     * When bpftrace ended on its own (before any {@link #stop}, which a host calls after a death too),
     * the reason with its last messages; else null.
     */
    public String failure() {
        return run.failure();
    }

    /** CPU time the sensor used: bpftrace's process plus the reading and event-writing threads. */
    public Duration cpuTime() {
        return cpuTimes().total();
    }

    /**
     * Where the sensor's CPU time went: bpftrace's process (formatting what the probes print), the
     * thread reading and ordering its output, and the thread writing events into the sink (which
     * includes the sink's own work, such as evaluating rules).
     */
    public record CpuTimes(Duration bpftrace, Duration reading, Duration writing) {
        /** The sum of the three. */
        public Duration total() {
            return bpftrace.plus(reading).plus(writing);
        }
    }

    /** The sensor's CPU time by part (zero before start). */
    public CpuTimes cpuTimes() {
        Duration bt = run.bpftraceCpu();
        RecordPipeline records = pipeline;
        return new CpuTimes(bt, Duration.ofNanos(run.readingCpuNanos()), Duration.ofNanos(records == null ? 0 : records.writerCpuNanos()));
    }

    /**
     * The event types that were asked for ({@link EbpfOptions#events()}) but that this sensor does not
     * produce, on any kernel (empty before start); see docs/ebpf-sensor.md for what is not covered.
     */
    public Set<EventType> unwatchedTypes() {
        BpftraceScript s = script;
        return s == null ? Set.of() : s.unwatched();
    }

    /** How this source's start-up check commands are named ({@code kestrel-ebpf-ready-<source>-}). */
    String markerPrefix() {
        return markerPrefix;
    }

    /** The event types the running program produces (empty before start). */
    public Set<EventType> tracedTypes() {
        BpftraceScript s = script;
        return s == null ? Set.of() : s.traced();
    }

    @Override
    public SourceCounters counters() {
        RecordPipeline p = pipeline;
        Map<String, Long> skipped = new HashMap<>();
        if (p != null) {
            p.addSkipped(skipped);
        }
        run.addSkipped(skipped);
        // Once the reader finished: a run that ended (stopped, killed or died) without the END program's
        // last line lost whatever bpftrace still held in its output buffer.
        if (p != null && run.outputEndedAfterAttach() && !p.ended()) {
            skipped.put(END_CUT_OFF, 1L);
        }
        return p == null ? new SourceCounters(0, 0, Map.of(), skipped)
                : new SourceCounters(p.events(), p.dropped(), p.unparsed(), skipped);
    }

    /**
     * Detaches the probes (ends bpftrace), ends the command if it still runs, and delivers what was read,
     * waiting at most 30 s for evaluation; what still waits then is dropped, counted ({@link #droppedAtStop()}).
     * A start under way gives up, and this waits for it to end what it launched.
     */
    @Override
    public void stop() {
        if (lifecycle.stop() == SourceLifecycle.State.STARTING) {
            try {
                // It sees the stop at its next step: after the launch, or a readiness attempt (seconds).
                if (!lifecycle.awaitStartSettled(START_SEES_STOP)) {
                    LOG.warn("stopping: the start under way did not give up within {} s", START_SEES_STOP.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shutDown();
    }

    /** Ends what the start launched, in any state; safe to repeat, one caller at a time. */
    private void shutDown() {
        synchronized (shutDownLock) {
            run.beginStop();
            WatchedCommand c = command;
            if (c != null) {
                c.end(WatchedCommand.TERM_GRACE);
            }
            run.end();
            RecordPipeline records = pipeline;
            if (records != null) {
                run.drain(records);
            }
            run.deleteScript();
        }
    }
}
