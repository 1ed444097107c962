package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.spi.EventSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bpftrace run of an {@link EbpfSource}: launches its program, waits until its probes attach and
 * every program runs, reads its output and messages, and ends it (detaching its probes) when the source stops.
 * Thread-safe: launched and awaited on the starting thread, ended under the source's stop, queried from any thread.
 */
final class BpftraceRun {

    /** Logged as the source: these are the sensor's start and stop messages. */
    private static final Logger LOG = LoggerFactory.getLogger(EbpfSource.class);

    /** How long the kernel may take to detach one probe when bpftrace stops (about 70 ms measured, on a small VM). */
    static final Duration DETACH_PER_PROBE = Duration.ofMillis(250);

    private static final int STDERR_LINES = 20;

    private final EbpfOptions options;
    private final BpftraceLaunch launch;
    private final SourceLifecycle lifecycle;
    /** How long stopping waits for evaluation to catch up with what was read before it gives the rest up, counted. */
    private final Duration drainWait;
    private final OutputReader reader = new OutputReader();
    private final BpftraceMessages messages = new BpftraceMessages(STDERR_LINES);
    private volatile RecordPipeline records;
    private volatile Process bpftrace;
    private volatile BpftraceProcess launched;
    private volatile Path scriptFile;
    private volatile boolean stopping;
    /** bpftrace had already ended when {@link #beginStop} was called: its end stays a failure. */
    private volatile boolean endedBeforeStop;
    private volatile Duration bpftraceCpu = Duration.ZERO;

    /**
     * A run of {@code options}' bpftrace started through {@code launch}, giving up at each step once
     * {@code lifecycle} was stopped; stopping waits up to {@code drainWait} for evaluation.
     */
    BpftraceRun(EbpfOptions options, BpftraceLaunch launch, SourceLifecycle lifecycle, Duration drainWait) {
        this.options = options;
        this.launch = launch;
        this.lifecycle = lifecycle;
        this.drainWait = drainWait;
    }

    /** The sentence saying which prerequisite of running bpftrace is missing and how to fix it, or empty. */
    Optional<String> missingPrerequisite() {
        return launch.missingPrerequisite(options.bpftrace());
    }

    /**
     * Writes {@code program} to a temporary file, starts bpftrace on it and the threads reading its messages
     * and its output (lines carrying {@code token}) into {@code records}.
     *
     * @throws EventSourceException when bpftrace could not be started, or a stop came
     */
    void launch(String program, String token, RecordPipeline records) throws EventSourceException {
        this.records = records;
        try {
            scriptFile = Files.createTempFile("kestrel-ebpf-", ".bt");
            Files.writeString(scriptFile, program);
            lifecycle.refuseIfStopped();
            // Text output, fully buffered: bpftrace writes whole buffers instead of one line per event.
            BpftraceProcess run = launch.start(options.bpftrace(), List.of("-B", "full", scriptFile.toString()), Map.of(
                    "BPFTRACE_STRLEN", Integer.toString(BpftraceScript.STRING_BYTES),
                    "BPFTRACE_PERF_RB_PAGES", Integer.toString(options.perfPagesPerCpu()),
                    "BPFTRACE_MAP_KEYS_MAX", Integer.toString(options.mapEntries())));
            launched = run;
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
    }

    /**
     * Waits until the probes are attached and {@code readiness} passed, within {@link EbpfOptions#startTimeout()}.
     *
     * @throws EventSourceException when bpftrace ended, the time ran out, a stop came or the wait was interrupted
     */
    void awaitReady(ReadinessCheck readiness, RecordPipeline records) throws EventSourceException {
        try {
            long began = System.nanoTime();
            long limit = options.startTimeout().toNanos();
            while (!reader.awaitAttached(100)) {
                lifecycle.refuseIfStopped();
                if (ended(bpftrace) || System.nanoTime() - began > limit) {
                    String why = ended(bpftrace) ? endedWhy() : "it did not attach its probes within "
                            + options.startTimeout().toSeconds() + " s";
                    throw new EventSourceException("bpftrace failed to start: " + why + messages.tail());
                }
            }
            if (reader.failure() != null) {
                throw new EventSourceException("bpftrace failed to start: " + reader.failure());
            }
            awaitReady(readiness, records, began, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSourceException("interrupted while bpftrace attached its probes", e);
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
    private void awaitReady(ReadinessCheck readiness, RecordPipeline records, long began, long limit)
            throws InterruptedException, EventSourceException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (readiness.attempt(attempt)) {
                    return;
                }
            } catch (IOException e) {
                throw new EventSourceException("could not run the readiness check ('sh -c'): " + e.getMessage(), e);
            }
            lifecycle.refuseIfStopped();
            if (ended(bpftrace) || System.nanoTime() - began > limit) {
                long notFound = records.registersNotFound();
                String why = ended(bpftrace) ? endedWhy() : "its probes did not report a test command within "
                        + options.startTimeout().toSeconds() + " s";
                if (notFound > 0) {
                    why += " (the saved registers of " + notFound + " calls were not found: this kernel's stack layout is not"
                            + " one the sensor knows; see docs/ebpf-sensor.md)";
                }
                throw new EventSourceException("bpftrace failed to start: " + why + messages.tail());
            }
        }
    }

    /** Whether bpftrace has ended: the JVM saw it end, or its output ended (a moment before that). */
    boolean ended() {
        return ended(bpftrace);
    }

    private boolean ended(Process p) {
        return !p.isAlive() || reader.done();
    }

    /** Waits up to {@code nanos} for the output to end and the reader to hand off the rest; whether it did. */
    boolean awaitOutputEnd(long nanos) throws InterruptedException {
        return reader.awaitDone(nanos);
    }

    /** Whether the probes attached (or the reader failed) and the output has ended since. */
    boolean outputEndedAfterAttach() {
        return reader.attached() && reader.done();
    }

    /**
     * When bpftrace ended on its own (before {@link #beginStop}), the reason with its last messages;
     * else null.
     */
    String failure() {
        String failed = reader.failure();
        if (failed != null) {
            return failed;
        }
        Process p = bpftrace;
        if (p == null || (stopping && !endedBeforeStop)) {
            return null;
        }
        if (!ended(p)) {
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

    /** Events bpftrace reported lost (its buffer was full). */
    long lost() {
        return reader.lost();
    }

    /** CPU time of bpftrace's process: read now while it runs, else as last read when it was ended. */
    Duration bpftraceCpu() {
        Process p = bpftrace;
        return p != null && p.isAlive() ? p.info().totalCpuDuration().orElse(bpftraceCpu) : bpftraceCpu;
    }

    /** CPU time the reading thread used, known once it ended (0 before). */
    long readingCpuNanos() {
        return reader.cpuNanos();
    }

    /** Adds to {@code skipped} what reading bpftrace's output and messages counted but did not deliver (zeros left out). */
    void addSkipped(Map<String, Long> skipped) {
        RecordPipeline.put(skipped, "lost in the kernel (bpftrace's buffer was full)", reader.lost());
        RecordPipeline.put(skipped, "output lines longer than " + BpftraceOutput.MAX_LINE_BYTES + " bytes (dropped)",
                reader.cutLines());
        RecordPipeline.put(skipped, "records cut off before their end (dropped)", reader.unendedRecords());
        RecordPipeline.put(skipped, "bpftrace messages longer than " + BpftraceMessages.MAX_LINE_BYTES
                + " bytes (the rest not read)", messages.cutLines());
    }

    /** How long stopping waits for bpftrace to detach {@code probes} probes and end, before killing it. */
    static Duration stopWait(int probes) {
        return Duration.ofSeconds(10).plus(DETACH_PER_PROBE.multipliedBy(Math.max(0, Math.min(probes, 1_000))));
    }

    /** From now on an end of bpftrace is expected; if it had already ended, that stays a {@link #failure()}. */
    void beginStop() {
        Process running = bpftrace;
        if (!stopping && running != null && ended(running)) {
            endedBeforeStop = true;
        }
        stopping = true;
        // bpftrace ends only once its output is read: under a backlog, records are dropped (counted), not waited
        // for, so it can print everything and its final counts before the stop's wait runs out.
        RecordPipeline p = records;
        if (p != null) {
            p.stopWaiting();
        }
    }

    /** Ends bpftrace, waiting for it to detach its probes ({@link #stopWait}), or its keeper when it ended on its own. */
    void end() {
        BpftraceProcess run = launched;
        if (run != null && run.process().isAlive()) {
            bpftraceCpu = run.process().info().totalCpuDuration().orElse(Duration.ZERO);
            RecordPipeline p = records;
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
     * Waits for the reader to hand off what bpftrace printed and for evaluation to take it from {@code records};
     * gives up what is still queued after {@link #drainWait}, counted, so nothing is written into the sink after
     * stop returns (but the record the writer holds).
     */
    void drain(RecordPipeline records) {
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
            // The reader may still be handing off its last records (each dropped and counted now): bounded, so
            // the counts are whole when stop returns.
            if (reader.started()) {
                reader.awaitDone(TimeUnit.SECONDS.toNanos(5));
            }
            records.await(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the program's temporary file, if it was written. */
    void deleteScript() {
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
