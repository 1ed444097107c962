package dev.kestrel.sensor.ebpf;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells when every program of a freshly started bpftrace runs. bpftrace reports its probes attached
 * a moment before the programs on a tracepoint run (the exec programs come alive up to seconds
 * later), so a marker command is run until its exec arrives complete, followed by a call of its own.
 * The marker processes are registered with {@link SelfCheckProcesses}, so the rules never see them.
 * Thread-safe: attempts run on the starting thread, records are noted on the reading thread.
 */
final class ReadinessCheck {

    /** How a sensor's marker names start. */
    static final String MARKER_PREFIX = "kestrel-ebpf-ready-";

    private final CountDownLatch ready = new CountDownLatch(1);
    private final boolean callsTraced;
    private final SelfCheckProcesses selfChecks;
    private final String markerPrefix;
    private volatile String marker;
    private volatile long pid = -1;
    /** The time of the marker's complete exec, or -1 before it came. */
    private volatile long execTs = -1;
    /** The time of the marker's latest call, or -1 before one came. */
    private volatile long lastCallTs = -1;

    /**
     * {@code callsTraced}: whether the program traces any call, so the marker's call must be seen too;
     * {@code selfChecks}: where the marker processes are registered; {@code markerPrefix}: how each
     * marker's name starts ({@link #MARKER_PREFIX} for a sensor).
     */
    ReadinessCheck(boolean callsTraced, SelfCheckProcesses selfChecks, String markerPrefix) {
        this.callsTraced = callsTraced;
        this.selfChecks = selfChecks;
        this.markerPrefix = markerPrefix;
    }

    /**
     * Runs marker command {@code attempt} ({@code sh -c 'cd / && cat /dev/null'}, whose chdir is always
     * traced), waits up to 5 s for it to end and 1 s for its records; true once they all arrived.
     */
    boolean attempt(int attempt) throws IOException, InterruptedException {
        String name = markerPrefix + Long.toHexString(System.nanoTime()) + "-" + attempt;
        Process p = new ProcessBuilder("sh", "-c", "cd / && cat /dev/null", name)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        selfChecks.started(p.pid());
        expect(name, p.pid());
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
            }
        } finally {
            if (!p.isAlive()) {
                selfChecks.ended(p.pid(), System.nanoTime());
            }
        }
        return ready.await(1, TimeUnit.SECONDS);
    }

    /** From now on, looks for the records of process {@code pid}, whose argv holds {@code name}. */
    void expect(String name, long pid) {
        this.execTs = -1;
        this.lastCallTs = -1;
        this.pid = pid;
        this.marker = name;
    }

    /** The process id of the last marker command (-1 before the first). */
    long markerPid() {
        return pid;
    }

    /** True once the check passed. */
    boolean passed() {
        return ready.getCount() == 0;
    }

    /**
     * Notes a record read before the check passed. True when it is the marker's complete exec: from
     * its time on, every program runs. The check passes once a call of the marker timed after that exec
     * came too, in either order (the exec's header waits in a kernel queue, so it may come after).
     */
    boolean note(SensorRecord r) {
        String name = marker;
        if (name == null) {
            return false;
        }
        if (r instanceof SensorRecord.Exec e && e.pid() == pid && !e.argsTruncated() && e.argv().contains(name)) {
            execTs = e.ts();
            if (!callsTraced || lastCallTs > e.ts()) {
                ready.countDown();
            }
            return true;
        }
        if (r instanceof SensorRecord.Call c && c.pid() == pid) {
            lastCallTs = Math.max(lastCallTs, c.ts());
            if (execTs >= 0 && c.ts() > execTs) {
                ready.countDown();
            }
        }
        return false;
    }
}
