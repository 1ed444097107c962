package dev.kestrel.sensor.ebpf;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells when every program of a freshly started bpftrace runs. bpftrace reports its probes attached
 * a moment before the programs on a tracepoint run (the exec programs come alive up to seconds
 * later), so a marker command is run until its exec arrives complete, followed by a call of its own.
 * Thread-safe: attempts run on the starting thread, records are noted on the reading thread.
 */
final class ReadinessCheck {

    private final CountDownLatch ready = new CountDownLatch(1);
    private final boolean callsTraced;
    private volatile String marker;
    private volatile long pid = -1;
    private volatile boolean execSeen;

    /** {@code callsTraced}: whether the program traces any call, so the marker's call must be seen too. */
    ReadinessCheck(boolean callsTraced) {
        this.callsTraced = callsTraced;
    }

    /**
     * Runs marker command {@code attempt} ({@code sh -c 'cd / && cat /dev/null'}, whose chdir is always
     * traced), waits up to 5 s for it to end and 1 s for its records; true once they all arrived.
     */
    boolean attempt(int attempt) throws IOException, InterruptedException {
        String name = "kestrel-ebpf-ready-" + Long.toHexString(System.nanoTime()) + "-" + attempt;
        Process p = new ProcessBuilder("sh", "-c", "cd / && cat /dev/null", name)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        expect(name, p.pid());
        p.waitFor(5, TimeUnit.SECONDS);
        return ready.await(1, TimeUnit.SECONDS);
    }

    /** From now on, looks for the records of process {@code pid}, whose argv holds {@code name}. */
    void expect(String name, long pid) {
        this.execSeen = false;
        this.pid = pid;
        this.marker = name;
    }

    /** True once the check passed. */
    boolean passed() {
        return ready.getCount() == 0;
    }

    /**
     * Notes a record read before the check passed. True when it is the marker's complete exec: from
     * its time on, every program runs.
     */
    boolean note(SensorRecord r) {
        String name = marker;
        if (name == null) {
            return false;
        }
        if (r instanceof SensorRecord.Exec e && e.pid() == pid && !e.argsTruncated() && e.argv().contains(name)) {
            execSeen = true;
            if (!callsTraced) {
                ready.countDown();
            }
            return true;
        }
        if (execSeen && r instanceof SensorRecord.Call c && c.pid() == pid) {
            ready.countDown();
        }
        return false;
    }
}
