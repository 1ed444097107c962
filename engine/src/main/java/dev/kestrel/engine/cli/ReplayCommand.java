package dev.kestrel.engine.cli;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.runtime.RulesLoadException;
import dev.kestrel.engine.sink.AlertLineFormat;
import dev.kestrel.engine.sink.StreamSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
                usage: kestrel replay [--rules FILE]... [--json] [--min-priority P] [--all-matches] [EVENTS.jsonl | -]

                Replays events (one JSON object per line; '-' or nothing reads standard input) through
                the rules and prints each alert on standard output, as Falco's text line or, with
                --json, as Falco's JSON alert. A summary (events, skipped lines and why, alerts by
                priority, the rules that fired most) goes to standard error.

                  --rules FILE       a rules file; repeat for several, loaded in order.
                                     Without --rules, Kestrel's own default ruleset is used.
                  --json             print alerts as JSON, one per line
                  --min-priority P   ignore rules less severe than P (emergency ... debug)
                  --all-matches      report every matching rule, not only the first (rule_matching: all)""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        List<String> rules = new ArrayList<>();
        boolean json = false;
        boolean all = false;
        Priority minimum = Priority.DEBUG;
        String events = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--rules", "-r" -> {
                    if (i + 1 >= args.size()) {
                        return usageError(err, "--rules needs a file");
                    }
                    rules.add(args.get(++i));
                }
                case "--json" -> json = true;
                case "--all-matches" -> all = true;
                case "--min-priority" -> {
                    if (i + 1 >= args.size()) {
                        return usageError(err, "--min-priority needs a priority");
                    }
                    minimum = Priority.parse(args.get(++i));
                    if (minimum == null) {
                        return usageError(err, "unknown priority '" + args.get(i)
                                + "' (use emergency, alert, critical, error, warning, notice, informational or debug)");
                    }
                }
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        return usageError(err, "unknown option '" + a + "'");
                    }
                    if (events != null) {
                        return usageError(err, "only one events file can be replayed at a time");
                    }
                    events = a;
                }
            }
        }
        List<RulesSource> sources = RulesArguments.read(rules, err, "replay");
        if (sources == null) {
            return FAILED;
        }
        KestrelBuilder builder = Kestrel.builder()
                .sink(StreamSink.of("stdout", out, json ? AlertLineFormat.JSON : AlertLineFormat.TEXT))
                .minimumPriority(minimum)
                .ruleMatching(all ? RuleMatching.ALL : RuleMatching.FIRST)
                .alertQueue(10_000, Duration.ofMinutes(1));
        if (sources.isEmpty()) {
            builder.defaultRules();
        }
        sources.forEach(s -> builder.rulesText(s.name(), s.content()));
        Kestrel kestrel;
        try {
            kestrel = builder.build();
        } catch (RulesLoadException e) {
            e.errors().forEach(d -> err.println(d.format()));
            err.println("kestrel replay: the rules have " + e.errors().size() + " error(s); nothing was replayed");
            return FAILED;
        }
        if (!kestrel.warnings().isEmpty()) {
            err.println("kestrel replay: " + kestrel.warnings().size()
                    + " warning(s) loading the rules ('kestrel validate' lists them)");
        }
        EventFeed.Result result;
        try (BufferedReader reader = open(events, in)) {
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
        ReplaySummary.print(kestrel.counters(), result.skippedLines(), err);
        return OK;
    }

    private static BufferedReader open(String events, InputStream in) throws IOException {
        if (events == null || events.equals("-")) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8);
    }

    private int usageError(PrintStream err, String message) {
        err.println("kestrel replay: " + message);
        err.println(usage());
        return USAGE;
    }
}
