package dev.kestrel.cli;

import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.sensor.scap.ScapReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code kestrel replay}: runs a recorded event stream through the rules and prints the alerts. */
final class ReplayCommand implements Command {

    @Override
    public String summary() {
        return "replay an event stream (JSON Lines) through the rules and print the alerts";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel replay [--config FILE] [--rules FILE]... [--json] [--min-priority P] [--all-matches]
                                      [--response FILE [--dry-run]] [EVENTS.jsonl | CAPTURE.scap | -]

                Replays events (one JSON object per line; '-' or nothing reads standard input), or a
                Falco/sysdig capture file (.scap, plain or gzip, recognised by its content), through
                the rules and prints each alert on standard output, as Falco's text line or, with
                --json, as Falco's JSON alert. A summary (events, skipped lines and why, alerts by
                priority, the rules that fired most) goes to standard error.

                  --rules FILE       a rules file; repeat for several, loaded in order.
                                     Without --rules, Kestrel's own default ruleset is used.
                  --json             print alerts as JSON, one per line
                  --config FILE      a kestrel.yaml (Falco's falco.yaml keys, falcosidekick's outputs:
                                     http_output, loki, slack, webhook, webserver); see docs/outputs.md
                  --min-priority P   ignore rules less severe than P (emergency ... debug)
                  --all-matches      report every matching rule, not only the first (rule_matching: all)
                  --response FILE    response rules (Falco Talon's format): run their actions on the
                                     alerts, each printed as an 'action' line on standard error
                  --dry-run          record the response actions without running any""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        AlertOptions options = new AlertOptions("replay", true);
        String events = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                int last = options.accept(args, i);
                if (last >= 0) {
                    i = last;
                    continue;
                }
                String a = args.get(i);
                if (a.startsWith("-") && !a.equals("-")) {
                    return usageError(err, "unknown option '" + a + "'");
                }
                if (events != null) {
                    return usageError(err, "only one events file can be replayed at a time");
                }
                events = a;
            }
        } catch (AlertOptions.UsageException e) {
            return usageError(err, e.getMessage());
        }
        Kestrel kestrel = options.build(out, err, "nothing was replayed");
        if (kestrel == null) {
            return FAILED;
        }
        if (!kestrel.warnings().isEmpty()) {
            err.println("kestrel replay: " + kestrel.warnings().size()
                    + " warning(s) loading the rules ('kestrel validate' lists them)");
        }
        if (events != null && !events.equals("-") && ScapReader.isCapture(Path.of(events))) {
            return replayCapture(kestrel, Path.of(events), out, err);
        }
        EventFeed.Result result;
        try (InputStream reader = open(events, in, err)) {
            result = EventFeed.replay(kestrel, reader);
        } catch (NoSuchFileException e) {
            kestrel.close();
            err.println("kestrel replay: no such events file: " + events);
            return FAILED;
        } catch (IOException e) {
            kestrel.close();
            err.println("kestrel replay: cannot read " + (events == null ? "standard input" : events) + ": " + e.getMessage());
            return FAILED;
        }
        kestrel.close();
        out.flush();
        KestrelCounters counters = kestrel.counters();
        ReplaySummary.print(counters, result.skippedLines(), err);
        if (result.cutStrings() > 0) {
            err.printf("String parameters cut at %d bytes: %d%n", kestrel.limits().maxEventStringBytes(),
                    result.cutStrings());
        }
        ReplaySummary.printOutputs(kestrel.outputCounters(), err);
        options.printResponseSummary(err);
        return ReplaySummary.deliveryFailed(counters, out, err, "replay") ? FAILED : OK;
    }

    /** Replays a Falco/sysdig capture file (recognised by its content, whatever its name). */
    private static int replayCapture(Kestrel kestrel, Path file, PrintStream out, PrintStream err) {
        CaptureFeed.Result result;
        try {
            result = CaptureFeed.replay(kestrel, file);
        } catch (IOException e) {
            kestrel.close();
            err.println("kestrel replay: cannot read " + file + ": " + e.getMessage());
            return FAILED;
        }
        kestrel.close();
        out.flush();
        ReplaySummary.print(kestrel.counters(), List.of(), err);
        if (result.error() != null) {
            err.println("kestrel replay: " + result.error());
            return FAILED;
        }
        return ReplaySummary.deliveryFailed(kestrel.counters(), out, err, "replay") ? FAILED : OK;
    }

    private static InputStream open(String events, InputStream in, PrintStream err) throws IOException {
        if (events == null || events.equals("-")) {
            if (in == System.in && stdinIsTerminal()) {
                err.println("kestrel replay: waiting for events on standard input (JSON Lines, one event per line;"
                        + " Ctrl-D ends). To replay a file: kestrel replay FILE");
            }
            return in;
        }
        return Files.newInputStream(Path.of(events));
    }

    /** True when standard input is a terminal, where a user who forgot the file would wait in silence. */
    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    private int usageError(PrintStream err, String message) {
        err.println("kestrel replay: " + message);
        err.println(usage());
        return USAGE;
    }
}
