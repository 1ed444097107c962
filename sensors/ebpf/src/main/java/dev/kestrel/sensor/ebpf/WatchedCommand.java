package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command an {@link EbpfSource} starts once its probes are attached, on the JVM's standard streams.
 * Ended with SIGTERM, then SIGKILL when it outlives the grace, with the processes it started that still
 * descend from it (a shell's background jobs), so none outlives the sensor and its status is known once
 * it was ended. Thread-safe.
 */
final class WatchedCommand {

    /** How long an ended command may take to exit after SIGTERM before it is killed. */
    static final Duration TERM_GRACE = Duration.ofSeconds(5);

    private final Process process;

    private WatchedCommand(Process process) {
        this.process = process;
    }

    /** Starts {@code argv}. */
    static WatchedCommand start(List<String> argv) throws IOException {
        return new WatchedCommand(new ProcessBuilder(argv).inheritIO().start());
    }

    /** Waits up to {@code timeout} for it to exit; whether it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Ends it and its living descendants: SIGTERM, then SIGKILL to those that have not exited within
     * {@code grace}; returns once it exited (waiting at most 5 s more for the kill). Interrupted, it kills
     * at once and keeps the interrupt.
     */
    void end(Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(0, process.toHandle());
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ProcessHandle h : family) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    try {
                        h.onExit().get(left, TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // killed below
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    /** Its exit status (128 + N when signal N ended it), or -1 while it runs. */
    int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }
}
