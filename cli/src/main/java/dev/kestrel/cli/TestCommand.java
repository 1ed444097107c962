package dev.kestrel.cli;

import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.testkit.RuleTestFileException;
import dev.kestrel.testkit.RuleTestRunner;
import dev.kestrel.testkit.TestOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kestrel test}: runs rule test files and prints one line per test ({@code ok N - name} or
 * {@code not ok N - name} with indented reasons), then {@code N passed, M failed}.
 */
final class TestCommand implements Command {

    @Override
    public String summary() {
        return "run rule test files (a world, actions, the alerts expected)";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel test [--rules FILE]... [--json] [--junit FILE] [--events] TESTS.yaml...

                Runs each test of the rule test files: the world it describes, its actions expanded
                to syscall events, through the rules the file names (relative to the file) plus each
                --rules FILE. Prints one line per test, 'ok N - name' or 'not ok N - name' followed by
                indented reasons, then 'N passed, M failed' alone on the last line.
                  --json        one JSON object per test: {"name","ok","alerts":[...],"problems":[...]}
                                (the summary line goes to standard error)
                  --junit FILE  also write the results as JUnit XML for CI systems
                  --events      also print the events each test expanded to, as JSON Lines after a
                                '# events of test N' line (with --json: an "events" array)
                A broken test file is reported with file:line:col on standard error.
                Exits with 0 when all tests pass, 1 when any fails, 2 for a broken test file or bad usage.
                See docs/testing-rules.md.""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        List<Path> rules = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        boolean json = false;
        boolean events = false;
        Path junit = null;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && (a.equals("--rules") || a.equals("--junit"))) {
                if (i + 1 >= args.size()) {
                    return usageError(a + " needs a file", err);
                }
                Path p = Path.of(args.get(++i));
                if (a.equals("--rules")) {
                    rules.add(p);
                } else {
                    junit = p;
                }
            } else if (!optionsEnded && a.equals("--json")) {
                json = true;
            } else if (!optionsEnded && a.equals("--events")) {
                events = true;
            } else if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                return usageError("unknown option '" + a + "'", err);
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            return usageError("no test file given", err);
        }
        int passed = 0;
        int failed = 0;
        boolean broken = false;
        List<JUnitReport.Suite> suites = new ArrayList<>();
        try (RuleTestRunner runner = new RuleTestRunner(rules)) {
            for (Path file : files) {
                List<TestOutcome> outcomes;
                try {
                    outcomes = runner.run(file);
                } catch (RuleTestFileException e) {
                    e.problems().forEach(d -> err.println(d.format()));
                    suites.add(JUnitReport.Suite.broken(file.toString(), e.getMessage()));
                    broken = true;
                    continue;
                } catch (NoSuchFileException e) {
                    err.println("kestrel test: no such test file: " + file);
                    suites.add(JUnitReport.Suite.broken(file.toString(), "no such test file"));
                    broken = true;
                    continue;
                } catch (CharacterCodingException e) {
                    err.println("kestrel test: " + file + " is not valid UTF-8 text");
                    broken = true;
                    continue;
                } catch (IOException e) {
                    err.println("kestrel test: cannot read " + file + ": " + e.getMessage());
                    suites.add(JUnitReport.Suite.broken(file.toString(), "cannot read: " + e.getMessage()));
                    broken = true;
                    continue;
                }
                for (TestOutcome o : outcomes) {
                    int n = passed + failed + 1;
                    if (o.ok()) {
                        passed++;
                    } else {
                        failed++;
                    }
                    if (json) {
                        out.println(JsonWriter.write(asJson(o, events)));
                    } else {
                        out.println((o.ok() ? "ok " : "not ok ") + n + " - " + o.name());
                        o.problems().forEach(p -> out.println("  " + p));
                        if (events) {
                            out.println("# events of test " + n + " - " + o.name());
                            o.events().forEach(out::println);
                        }
                    }
                }
                suites.add(new JUnitReport.Suite(file.toString(), outcomes, null));
            }
        }
        String summary = passed + " passed, " + failed + " failed";
        if (json) {
            err.println(summary);
        } else {
            out.println(summary);
        }
        if (junit != null) {
            try {
                JUnitReport.write(junit, suites);
            } catch (IOException e) {
                err.println("kestrel test: cannot write the JUnit report " + junit + ": " + e.getMessage());
                return USAGE;
            }
        }
        return broken ? USAGE : failed > 0 ? FAILED : OK;
    }

    private static Map<String, Object> asJson(TestOutcome o, boolean events) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", o.name());
        json.put("ok", o.ok());
        List<Object> alerts = new ArrayList<>();
        for (var a : o.alerts()) {
            try {
                alerts.add(JsonReader.parse(AlertJson.toJson(a)));
            } catch (JsonException e) {
                alerts.add(a.output());
            }
        }
        json.put("alerts", alerts);
        json.put("problems", o.problems());
        if (events) {
            List<Object> lines = new ArrayList<>();
            for (String line : o.events()) {
                try {
                    lines.add(JsonReader.parse(line));
                } catch (JsonException e) {
                    lines.add(line);
                }
            }
            json.put("events", lines);
        }
        return json;
    }

    private int usageError(String message, PrintStream err) {
        err.println("kestrel test: " + message);
        err.println(usage());
        return USAGE;
    }
}
