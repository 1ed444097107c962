package dev.kestrel.cli;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.runtime.RulesLoadException;
import dev.kestrel.engine.sink.AlertLineFormat;
import dev.kestrel.engine.sink.StreamSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kestrel demo} (and {@code kestrel} with no arguments): replays the bundled scenarios of the
 * blog-system deployment through Kestrel's default rules plus the user's rules and prints the alerts.
 */
final class DemoCommand implements Command {

    @Override
    public String summary() {
        return "replay the bundled scenarios through the default and user rules (what ./kestrel runs)";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel demo [--json] [--root DIR] [--config FILE]

                Replays each scenario of src/scenarios/ (events recorded from a blog system: nginx
                'web' pods and a Spring Boot 'was' pod in namespace blog-system) through Kestrel's
                default ruleset and src/rules/user_rules.yaml, prints the alerts, then a summary.

                  --json       print alerts as Falco's JSON alerts
                  --root DIR   the Kestrel checkout holding src/ (found from the jar by default)
                  --config FILE  also send the alerts to the outputs of a kestrel.yaml (http_output,
                               loki, slack, webhook); its rules and engine keys are not used""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean json = false;
        Path root = null;
        String config = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--root") && i + 1 < args.size()) {
                root = Path.of(args.get(++i));
            } else if (a.equals("--config") && i + 1 < args.size()) {
                config = args.get(++i);
            } else {
                err.println("kestrel demo: unexpected argument '" + a + "'");
                err.println(usage());
                return USAGE;
            }
        }
        if (root == null) {
            root = findRoot();
        }
        Path scenariosDir = root == null ? null : root.resolve("src/scenarios");
        if (scenariosDir == null || !Files.isDirectory(scenariosDir)) {
            err.println("kestrel demo: cannot find the bundled scenarios (src/scenarios); run ./kestrel from a Kestrel"
                    + " checkout or pass --root DIR");
            return FAILED;
        }
        List<Scenario> scenarios;
        try {
            scenarios = Scenario.discover(scenariosDir);
        } catch (IOException e) {
            err.println("kestrel demo: cannot read the scenarios: " + e.getMessage());
            return FAILED;
        }
        out.println("Kestrel demo: " + scenarios.size() + " scenarios from the blog-system deployment, replayed through"
                + " Kestrel's default rules and src/rules/user_rules.yaml");
        ScenarioRunner runner = new ScenarioRunner(root, null);
        List<AlertSink> outputs = new ArrayList<>();
        if (config != null) {
            List<AlertSink> opened = SharedOutputs.open(Path.of(config), err);
            if (opened == null) {
                return FAILED;
            }
            outputs.addAll(opened);
        }
        List<KestrelCounters> all = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Scenario s : scenarios) {
            Scenario.Run run = s.demoRun();
            if (run == null) {
                continue;
            }
            out.println();
            out.println("== " + s.name() + ": " + s.title());
            out.flush();
            AlertSink sink = StreamSink.of("stdout", out, json ? AlertLineFormat.JSON : AlertLineFormat.TEXT);
            List<AlertSink> sinks = new ArrayList<>();
            sinks.add(sink);
            outputs.forEach(o -> sinks.add(SharedOutputs.keepOpen(o)));
            try {
                ScenarioRunner.Outcome o = runner.run(s, run.rules(), sinks);
                all.add(o.counters());
                o.skippedLines().forEach(l -> skipped.add(s.name() + ": " + l));
                if (o.counters().alerts() == 0) {
                    out.println("(no alert)");
                }
            } catch (RulesLoadException e) {
                e.errors().forEach(d -> err.println(d.format()));
                err.println("kestrel demo: the rules of scenario " + s.name() + " do not load");
                SharedOutputs.close(outputs);
                return FAILED;
            } catch (IOException e) {
                err.println("kestrel demo: scenario " + s.name() + ": " + e.getMessage());
                SharedOutputs.close(outputs);
                return FAILED;
            }
        }
        out.println();
        out.flush();
        err.println("Summary of " + all.size() + " scenarios:");
        ReplaySummary.print(sum(all), skipped, err);
        ReplaySummary.printOutputs(SharedOutputs.close(outputs), err);
        return OK;
    }

    private static KestrelCounters sum(List<KestrelCounters> list) {
        long events = 0;
        long skipped = 0;
        long errors = 0;
        long dropped = 0;
        long sinkErrors = 0;
        Map<String, Long> reasons = new HashMap<>();
        Map<Priority, Long> priorities = new EnumMap<>(Priority.class);
        Map<String, Long> rules = new HashMap<>();
        Map<String, Long> records = new LinkedHashMap<>();
        for (KestrelCounters c : list) {
            c.metadataRecords().forEach((k, v) -> records.merge(k, v, Long::sum));
            events += c.eventsProcessed();
            skipped += c.eventsSkipped();
            errors += c.evaluationErrors();
            dropped += c.alertsDropped();
            sinkErrors += c.sinkErrors();
            c.skippedByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
            c.alertsByPriority().forEach((k, v) -> priorities.merge(k, v, Long::sum));
            c.alertsByRule().forEach((k, v) -> rules.merge(k, v, Long::sum));
        }
        return new KestrelCounters(events, skipped, reasons, priorities, rules, errors, dropped, sinkErrors, 0, 0,
                Map.of(), records);
    }

    /** The checkout root: the tests' property, else two folders above the jar (engine/target/x.jar). */
    static Path findRoot() {
        String property = System.getProperty("kestrel.root.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path location = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // engine/target/kestrel-engine.jar or engine/target/classes: the root is three names up.
            Path root = location.getParent() == null ? null : location.getParent().getParent();
            return root == null ? null : root.getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException | FileSystemNotFoundException e) {
            return null;
        }
    }
}
