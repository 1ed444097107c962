package dev.kestrel.sensor.ebpf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running bpftrace and the small process that keeps it running, so that it can be stopped without
 * losing output. bpftrace follows the keeper ({@code -p PID}) and, when the keeper ends, finishes the
 * output batch it is reading, detaches its probes, runs its END programs and prints what its buffers
 * still hold. Stopped by SIGINT or SIGTERM instead, bpftrace 0.17 drops the rest of the batch it is
 * reading when the signal comes, and nothing counts those records.
 *
 * <p>bpftrace and the keeper each run in a session of their own ({@code setsid}, part of util-linux, where
 * installed; without it the keeper ignores SIGINT and SIGQUIT), so a Ctrl-C at the terminal reaches the
 * JVM but neither of them: the host decides when the sensor stops. The keeper is {@code cat} reading a
 * pipe from this JVM: should the JVM die, the pipe closes, the keeper ends, and bpftrace ends with it.
 * Thread-safe.
 */
final class BpftraceProcess {

    private final Process keeper;
    private final Process bpftrace;

    private BpftraceProcess(Process keeper, Process bpftrace) {
        this.keeper = keeper;
        this.bpftrace = bpftrace;
    }

    /**
     * Starts {@code bpftrace} with {@code args} (its output to be read from {@link #process()}) and
     * {@code env} added to this JVM's environment.
     *
     * @throws IOException when the keeper or bpftrace cannot be started
     */
    static BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env) throws IOException {
        return start(bpftrace, args, env, EbpfPreflight.executable("setsid"));
    }

    /** As above, with {@code setsid} (null: not installed). */
    static BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env, Path setsid) throws IOException {
        Process keeper = new ProcessBuilder(keeperArgv(setsid)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ProcessBuilder pb = new ProcessBuilder(argv(bpftrace, keeper.pid(), args, setsid))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            return new BpftraceProcess(keeper, pb.start());
        } catch (IOException | RuntimeException e) {
            keeper.destroyForcibly();
            throw e;
        }
    }

    /**
     * The keeper's command line: {@code setsid --wait cat} (--wait: should setsid have to fork, the process
     * bpftrace follows still lives as long as {@code cat}), or where {@code setsid} is null a shell that
     * ignores SIGINT and SIGQUIT and becomes {@code cat}. Either way it ends when its standard input closes.
     */
    static List<String> keeperArgv(Path setsid) {
        return setsid != null ? List.of(setsid.toString(), "--wait", "cat")
                : List.of("sh", "-c", "trap '' INT QUIT; exec cat");
    }

    /** The command line: {@code [setsid] bpftrace -p KEEPER ARGS...} ({@code setsid} null where not installed). */
    static List<String> argv(String bpftrace, long keeperPid, List<String> args, Path setsid) {
        List<String> argv = new ArrayList<>();
        if (setsid != null) {
            argv.add(setsid.toString());
        }
        argv.add(bpftrace);
        argv.add("-p");
        argv.add(Long.toString(keeperPid));
        argv.addAll(args);
        return List.copyOf(argv);
    }

    /** The keeper's process id (what bpftrace follows). */
    long keeperPid() {
        return keeper.pid();
    }

    /** bpftrace itself: its output, errors and exit. */
    Process process() {
        return bpftrace;
    }

    /**
     * Ends bpftrace: ends the keeper, then waits up to {@code wait} for bpftrace to detach its probes
     * and end. One that does not is sent SIGTERM (its last batch may then be lost) and, 10 s later,
     * killed. True when bpftrace ended by itself.
     *
     * @throws InterruptedException when interrupted while waiting (bpftrace is then killed)
     */
    boolean end(Duration wait) throws InterruptedException {
        endKeeper();
        try {
            if (bpftrace.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            bpftrace.toHandle().destroy();
            if (!bpftrace.waitFor(10, TimeUnit.SECONDS)) {
                bpftrace.destroyForcibly();
                bpftrace.waitFor(5, TimeUnit.SECONDS);
            }
            return false;
        } catch (InterruptedException e) {
            bpftrace.destroyForcibly();
            throw e;
        }
    }

    /** Ends the keeper alone (bpftrace follows), as when bpftrace has already ended on its own. */
    void endKeeper() {
        try {
            keeper.getOutputStream().close();
        } catch (IOException e) {
            // the keeper has ended already: its pipe is gone
        }
        keeper.destroy();
    }
}
