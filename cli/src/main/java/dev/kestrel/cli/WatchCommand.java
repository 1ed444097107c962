package dev.kestrel.cli;

import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.SourceCounters;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.sensor.strace.StraceInvocation;
import dev.kestrel.sensor.strace.StracePreflight;
import dev.kestrel.sensor.strace.StraceSource;
import dev.kestrel.sensor.strace.StraceSourceProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kestrel watch}: traces a command (or running processes) with strace, evaluates the rules on
 * its system calls and prints alerts as they happen, then a summary; passes the command's exit
 * status through.
 */
final class WatchCommand implements Command {

    /** The options of the strace watch that take a value (the alert options aside). */
    static final Set<String> STRACE_OPTIONS = Set.of("--strace", "-p");

    @Override
    public String summary() {
        return "trace a command (or -p PID) live with strace and print alerts as they happen";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel watch [--source strace] [--config FILE] [--rules FILE]... [--json] [--min-priority P] [--strace PATH]
                                     [--response FILE [--dry-run]] -- COMMAND [ARGS...]
                       kestrel watch [--rules FILE]... [--json] [--min-priority P] [--strace PATH] -p PID [-p PID]...

                Runs COMMAND under strace (or attaches to running processes), turns the system calls
                of the command and all its children into events, evaluates the rules on them and prints
                each alert on standard output as it happens (Falco's text line, or JSON with --json).
                When the command ends, a summary goes to standard error and kestrel exits with the
                command's exit status. Needs strace and permission to use ptrace (root or CAP_SYS_PTRACE).

                  --rules FILE       a rules file; repeat for several. Without --rules, Kestrel's own
                                     default ruleset is used.
                  --json             print alerts as JSON, one per line
                  --config FILE      a kestrel.yaml (Falco's falco.yaml keys, falcosidekick's outputs:
                                     http_output, loki, slack, webhook, webserver); see docs/outputs.md
                  --min-priority P   ignore rules less severe than P (emergency ... debug)
                  --strace PATH      the strace program to use (default: strace on the PATH)
                  -p PID             attach to a running process (and follow its new children);
                                     stop with Ctrl-C
                  --response FILE    response rules (Falco Talon's format): run their actions on the
                                     alerts, each printed as an 'action' line on standard error
                  --dry-run          record the response actions without running any
                  --source ebpf      watch the whole host with eBPF instead (see below)

                """ + EbpfWatch.USAGE;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        // --source picks the sensor; strace stays the default so 'watch -- CMD' keeps its meaning. Only the
        // options count: a '--source' in the command to watch (given with or without '--') is the command's.
        List<String> rest = new ArrayList<>(args);
        Set<String> valued = new HashSet<>(STRACE_OPTIONS);
        valued.addAll(EbpfWatch.VALUED_OPTIONS);
        int at = WatchArguments.sourceOption(rest, valued);
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                return usageError(err, "--source needs a name (strace or ebpf)");
            }
            String source = rest.get(at + 1);
            rest.subList(at, at + 2).clear();
            if (source.equals("ebpf")) {
                return EbpfWatch.run(rest, out, err);
            }
            if (!source.equals("strace")) {
                return usageError(err, "unknown source '" + source + "' (strace or ebpf)");
            }
        }
        return runStrace(rest, out, err);
    }

    private int runStrace(List<String> args, PrintStream out, PrintStream err) {
        AlertOptions options = new AlertOptions("watch", false);
        List<String> sourceArgs = new ArrayList<>();
        try {
            WatchArguments read = WatchArguments.read(args, options, STRACE_OPTIONS);
            for (WatchArguments.Option o : read.options()) {
                sourceArgs.add(o.name());
                sourceArgs.add(o.value());
            }
            if (!read.command().isEmpty()) {
                sourceArgs.add("--");
                sourceArgs.addAll(read.command());
            }
        } catch (AlertOptions.UsageException e) {
            return usageError(err, e.getMessage());
        }
        StraceInvocation invocation;
        try {
            invocation = StraceSourceProvider.invocation(sourceArgs);
        } catch (EventSourceException e) {
            return usageError(err, e.getMessage());
        }
        if (!invocation.attaching()) {
            String problem = StracePreflight.check(invocation.executable()).orElse(null);
            if (problem != null) {
                err.println("kestrel watch: " + problem);
                return USAGE;
            }
        }
        Kestrel kestrel = options.build(out, err, "nothing was run");
        if (kestrel == null) {
            return FAILED;
        }
        StraceSource source = StraceSource.of(invocation);
        try {
            source.start(kestrel::process);
        } catch (EventSourceException e) {
            kestrel.close();
            err.println("kestrel watch: " + e.getMessage());
            return USAGE;
        }
        Finish finish = new Finish(source, kestrel, options, invocation.attaching(), out, err);
        Thread hook = new Thread(finish::onSignal, "kestrel-watch-shutdown");
        boolean hooked = addHook(hook);
        try {
            while (!source.await(Duration.ofSeconds(1))) {
                // The traced command runs; alerts are printed by the sink as they come.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = finish.normally();
        if (hooked) {
            removeHook(hook);
        }
        return code;
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // the JVM is already shutting down
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook waits for the summary printed here
        }
    }

    /**
     * Ends a watch exactly once: when the traced command ends (or strace dies), or when the JVM is
     * asked to stop (SIGTERM, SIGINT). Either way strace and the command Kestrel started are
     * stopped, the temporary pipe is removed, alerts are flushed and the summary printed.
     */
    private static final class Finish {
        private final StraceSource source;
        private final Kestrel kestrel;
        private final AlertOptions options;
        private final boolean attaching;
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicBoolean started = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);

        Finish(StraceSource source, Kestrel kestrel, AlertOptions options, boolean attaching, PrintStream out,
                PrintStream err) {
            this.source = source;
            this.kestrel = kestrel;
            this.options = options;
            this.attaching = attaching;
            this.out = out;
            this.err = err;
        }

        /** The shutdown hook: finish now, or wait (bounded) for the main thread's finish to print. */
        void onSignal() {
            if (!started.compareAndSet(false, true)) {
                awaitOtherFinish();
                return;
            }
            try {
                err.println("kestrel watch: stopping on a signal: strace and " + (attaching
                        ? "the tracing end" : "the traced command are stopped"));
                source.stop();
                kestrel.close();
                out.flush();
                printSummary(source.counters(), err);
                ReplaySummary.print(kestrel.counters(), List.of(), err);
                ReplaySummary.printOutputs(kestrel.outputCounters(), err);
                options.printResponseSummary(err);
                err.flush();
            } finally {
                done.countDown();
            }
        }

        /** Waits (bounded) until the finish started by the other thread has printed the summary. */
        private void awaitOtherFinish() {
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int normally() {
            if (!started.compareAndSet(false, true)) {
                awaitOtherFinish();
                return FAILED;
            }
            try {
                String died = source.straceDied().orElse(null);
                boolean straceGone = died != null;
                source.stop();
                kestrel.close();
                out.flush();
                String attachProblem = attaching ? source.attachProblem() : null;
                if (attachProblem != null) {
                    err.println("kestrel watch: " + attachProblem);
                    return USAGE;
                }
                if (straceGone) {
                    err.println("kestrel watch: " + died);
                }
                printSummary(source.counters(), err);
                KestrelCounters counters = kestrel.counters();
                ReplaySummary.print(counters, List.of(), err);
                ReplaySummary.printOutputs(kestrel.outputCounters(), err);
                options.printResponseSummary(err);
                boolean lost = ReplaySummary.deliveryFailed(counters, out, err, "watch");
                if (straceGone || lost) {
                    return FAILED;
                }
                return attaching ? OK : Math.max(0, source.exitStatus());
            } finally {
                done.countDown();
            }
        }
    }

    private static void printSummary(SourceCounters c, PrintStream err) {
        err.printf("Sensor: %d events from strace, %d lines not understood, %d records dropped%n",
                c.events(), c.unparsedTotal(), c.dropped());
        c.unparsed().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10).forEach(e -> err.printf("  not understood %d: %s%n", e.getValue(), e.getKey()));
        if (c.dropped() > 0) {
            err.println("  records were dropped because evaluation fell behind strace; alerts may be missing");
        }
    }

    private int usageError(PrintStream err, String message) {
        err.println("kestrel watch: " + message);
        err.println(usage());
        return USAGE;
    }
}
