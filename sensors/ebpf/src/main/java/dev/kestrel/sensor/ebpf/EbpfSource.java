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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * bpftrace running.
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
    /** How long the kernel may take to detach one probe when bpftrace stops (about 70 ms measured, on a small VM). */
    static final Duration DETACH_PER_PROBE = Duration.ofMillis(250);

    private static final int STDERR_LINES = 20;
    /** How long a stop waits for a start under way to see it and end what it launched. */
    private static final Duration START_SEES_STOP = Duration.ofSeconds(60);

    private final EbpfOptions options;
    private final OciRuntimeMetadata metadata;
    private final OutputReader reader = new OutputReader();
    private final BpftraceMessages messages = new BpftraceMessages(STDERR_LINES);
    private final SelfCheckProcesses selfChecks;
    private volatile ReadinessCheck readiness;
    private volatile RecordPipeline pipeline;
    private volatile Process bpftrace;
    private volatile BpftraceProcess bpftraceRun;
    private volatile WatchedCommand command;
    private final SourceLifecycle lifecycle = new SourceLifecycle();
    private final Object shutDownLock = new Object();
    private volatile Path scriptFile;
    private final boolean savedRegisters;
    private final BpftraceLaunch launch;
    /** How long stopping waits for evaluation to catch up with what was read before it gives the rest up, counted. */
    private final Duration drainWait;
    private volatile boolean stopping;
    private final String markerPrefix = ReadinessCheck.MARKER_PREFIX + Long.toHexString(System.nanoTime()) + "-";
    /** bpftrace had already ended when {@link #stop} was called: its end stays a failure. */
    private volatile boolean endedBeforeStop;
    private volatile Duration bpftraceCpu = Duration.ZERO;
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
        this.launch = launch;
        this.drainWait = drainWait;
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
        String problem = launch.missingPrerequisite(options.bpftrace()).orElse(null);
        if (problem != null) {
            throw new EventSourceException(problem);
        }
        KernelLayout layout = KernelLayout.detect(Path.of("/proc"));
        Path events = EbpfPreflight.tracefsEvents(EbpfPreflight.TRACEFS);
        token = BpftraceOutput.newToken();
        int cpus = KernelLayout.possibleCpus(Path.of("/sys/devices/system/cpu/possible"));
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
        try {
            scriptFile = Files.createTempFile("kestrel-ebpf-", ".bt");
            Files.writeString(scriptFile, script.text());
            lifecycle.refuseIfStopped();
            // Text output, fully buffered: bpftrace writes whole buffers instead of one line per event.
            BpftraceProcess run = launch.start(options.bpftrace(), List.of("-B", "full", scriptFile.toString()), Map.of(
                    "BPFTRACE_STRLEN", Integer.toString(BpftraceScript.STRING_BYTES),
                    "BPFTRACE_PERF_RB_PAGES", Integer.toString(options.perfPagesPerCpu()),
                    "BPFTRACE_MAP_KEYS_MAX", Integer.toString(options.mapEntries())));
            bpftraceRun = run;
            bpftrace = run.process();
        } catch (IOException e) {
            throw new EventSourceException("bpftrace could not be started: " + e.getMessage(), e);
        }
        // A stop that came during the launch either saw the run above or is seen here.
        lifecycle.refuseIfStopped();
        Process started = bpftrace;
        Thread errorsReader = new Thread(() -> messages.collect(started.getErrorStream()), "kestrel-ebpf-stderr");
        errorsReader.setDaemon(true);
        errorsReader.start();
        reader.start(started.getInputStream(), token, records, launch, messages, () -> stopping);
        try {
            long began = System.nanoTime();
            long limit = options.startTimeout().toNanos();
            while (!reader.awaitAttached(100)) {
                lifecycle.refuseIfStopped();
                if (bpftraceEnded(bpftrace) || System.nanoTime() - began > limit) {
                    String why = bpftraceEnded(bpftrace) ? endedWhy() : "it did not attach its probes within "
                            + options.startTimeout().toSeconds() + " s";
                    throw new EventSourceException("bpftrace failed to start: " + why + messages.tail());
                }
            }
            if (reader.failure() != null) {
                throw new EventSourceException("bpftrace failed to start: " + reader.failure());
            }
            awaitReady(began, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSourceException("interrupted while bpftrace attached its probes", e);
        }
        lifecycle.refuseIfStopped();
        if (!options.command().isEmpty()) {
            try {
                command = WatchedCommand.start(options.command());
            } catch (IOException e) {
                throw new EventSourceException("could not run '" + options.command().get(0) + "': " + e.getMessage(), e);
            }
        }
    }

    /** Why bpftrace's run ended, for a start that failed: the reader's failure, or bpftrace's exit status. */
    private String endedWhy() throws InterruptedException {
        String failed = reader.failure();
        if (failed != null) {
            return failed;
        }
        // Its output can end a moment before the JVM sees the process end.
        return bpftrace.waitFor(2, TimeUnit.SECONDS) ? "it exited with status " + bpftrace.exitValue()
                : "its output ended while it still ran";
    }

    /**
     * Runs {@link ReadinessCheck} attempts until one passes, bpftrace ends, a stop comes or {@code limit}
     * nanoseconds from {@code began} passed.
     */
    private void awaitReady(long began, long limit) throws InterruptedException, EventSourceException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (readiness.attempt(attempt)) {
                    return;
                }
            } catch (IOException e) {
                throw new EventSourceException("could not run the readiness check ('sh -c'): " + e.getMessage(), e);
            }
            lifecycle.refuseIfStopped();
            if (bpftraceEnded(bpftrace) || System.nanoTime() - began > limit) {
                long notFound = pipeline.registersNotFound();
                String why = bpftraceEnded(bpftrace) ? endedWhy() : "its probes did not report a test command within "
                        + options.startTimeout().toSeconds() + " s";
                if (notFound > 0) {
                    why += " (the saved registers of " + notFound + " calls were not found: this kernel's stack layout is not"
                            + " one the sensor knows; see docs/ebpf-sensor.md)";
                }
                throw new EventSourceException("bpftrace failed to start: " + why + messages.tail());
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
            while (pipeline.heartbeat() - exitedAt < options.reorderWindow().toNanos() && !bpftraceEnded(bpftrace)) {
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
        if (!reader.awaitDone(limit)) {
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

    /**
     * Events lost in the kernel: dropped because bpftrace's buffer was full (bpftrace's lost-event count),
     * because a CPU's record queue was full, or because a call's saved registers were not found.
     */
    public long lost() {
        RecordPipeline p = pipeline;
        return reader.lost() + (p == null ? 0 : p.lostInKernel());
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
        String failed = reader.failure();
        if (failed != null) {
            return failed;
        }
        Process p = bpftrace;
        if (p == null || (stopping && !endedBeforeStop)) {
            return null;
        }
        if (!bpftraceEnded(p)) {
            return null;
        }
        // Its output can end a moment before the JVM sees the process as ended: wait for that, bounded.
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return "bpftrace exited with status " + p.exitValue() + messages.tail();
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
        Process p = bpftrace;
        Duration bt = p != null && p.isAlive() ? p.info().totalCpuDuration().orElse(bpftraceCpu) : bpftraceCpu;
        RecordPipeline records = pipeline;
        return new CpuTimes(bt, Duration.ofNanos(reader.cpuNanos()), Duration.ofNanos(records == null ? 0 : records.writerCpuNanos()));
    }

    /**
     * The event types that were asked for ({@link EbpfOptions#events()}) but that this sensor does not
     * produce, on any kernel (empty before start); see docs/ebpf-sensor.md for what is not covered.
     */
    public Set<EventType> unwatchedTypes() {
        BpftraceScript s = script;
        return s == null ? Set.of() : s.unwatched();
    }

    /** Whether bpftrace has ended: the JVM saw it end, or its output ended (a moment before that). */
    private boolean bpftraceEnded(Process p) {
        return !p.isAlive() || reader.done();
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
        RecordPipeline.put(skipped, "lost in the kernel (bpftrace's buffer was full)", reader.lost());
        RecordPipeline.put(skipped, "output lines longer than " + BpftraceOutput.MAX_LINE_BYTES + " bytes (dropped)",
                reader.cutLines());
        RecordPipeline.put(skipped, "records cut off before their end (dropped)", reader.unendedRecords());
        RecordPipeline.put(skipped, "bpftrace messages longer than " + BpftraceMessages.MAX_LINE_BYTES
                + " bytes (the rest not read)", messages.cutLines());
        // Once the reader finished: a run that ended (stopped, killed or died) without the END program's
        // last line lost whatever bpftrace still held in its output buffer.
        if (p != null && reader.attached() && reader.done() && !p.ended()) {
            skipped.put(END_CUT_OFF, 1L);
        }
        return p == null ? new SourceCounters(0, 0, Map.of(), skipped)
                : new SourceCounters(p.events(), p.dropped(), p.unparsed(), skipped);
    }

    /** How long stopping waits for bpftrace to detach {@code probes} probes and end, before killing it. */
    static Duration stopWait(int probes) {
        return Duration.ofSeconds(10).plus(DETACH_PER_PROBE.multipliedBy(Math.max(0, Math.min(probes, 1_000))));
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
            Process running = bpftrace;
            if (!stopping && running != null && bpftraceEnded(running)) {
                endedBeforeStop = true;
            }
            stopping = true;
            WatchedCommand c = command;
            if (c != null) {
                c.end(WatchedCommand.TERM_GRACE);
            }
            endBpftrace();
            RecordPipeline records = pipeline;
            if (records != null) {
                drain(records);
            }
            Path f = scriptFile;
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.debug("could not delete {}: {}", f, e.toString());
                }
            }
        }
    }

    private void endBpftrace() {
        BpftraceProcess run = bpftraceRun;
        if (run != null && run.process().isAlive()) {
            bpftraceCpu = run.process().info().totalCpuDuration().orElse(Duration.ZERO);
            RecordPipeline p = pipeline;
            if (p != null) {
                p.detachingFrom(System.nanoTime());
            }
            // bpftrace detaches its probes one by one, and the kernel waits out an RCU grace period for
            // each (about 70 ms here: 3.7 s for Falco's rules' 53 probes), before it runs END.
            Duration wait = stopWait(reader.probes());
            LOG.info("stopping: bpftrace is detaching {} probes (the kernel takes a moment for each)", reader.probes());
            try {
                if (!run.end(wait)) {
                    LOG.warn("bpftrace did not end within {} s of being asked to; it was signalled, which loses what it had"
                            + " not yet written out", wait.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (run != null) {
            // bpftrace ended on its own; its keeper is still running
            run.endKeeper();
        }
    }

    /**
     * Waits for the reader to hand off what bpftrace printed and for evaluation to take it; gives up what
     * is still queued after {@link #drainWait}, counted, so nothing is written into the sink after stop returns
     * (but the record the writer holds).
     */
    private void drain(RecordPipeline records) {
        boolean drained = false;
        try {
            // bpftrace has ended, so its output ends: the reader hands off the rest and ends the handoff.
            if (!reader.started() || reader.awaitDone(TimeUnit.SECONDS.toNanos(10))) {
                records.end();
                drained = records.await(drainWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drained) {
            return;
        }
        long left = records.abandon();
        if (left > 0) {
            LOG.warn("stopping: evaluation had not caught up within {} s; the {} records still queued were dropped (counted)",
                    drainWait.toSeconds(), left);
        }
        try {
            records.await(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
