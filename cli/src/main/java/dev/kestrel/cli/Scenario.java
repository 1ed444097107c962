package dev.kestrel.cli;

import dev.kestrel.core.Priority;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One bundled end-to-end example under {@code src/scenarios/NAME/}: an event stream
 * ({@code events.jsonl}) and, in {@code scenario.json}, a title and the alerts expected when it is
 * replayed through given rules ({@code kestrel}: the default ruleset, {@code user}:
 * {@code src/rules/user_rules.yaml}, {@code falco}: Falco's official ruleset).
 */
public record Scenario(String name, Path dir, String title, List<Run> runs) {

    /** One replay: the rules, in load order, and every alert it must raise, in order. */
    public record Run(List<String> rules, List<ExpectedAlert> alerts) {
        public Run {
            rules = List.copyOf(rules);
            alerts = List.copyOf(alerts);
        }
    }

    /** An expected alert: its rule, priority and a piece of text its output must contain. */
    public record ExpectedAlert(String rule, Priority priority, String outputContains) {
    }

    public Scenario {
        runs = List.copyOf(runs);
    }

    /** The event stream. */
    public Path events() {
        return dir.resolve("events.jsonl");
    }

    /** The first run that uses Kestrel's default ruleset: what the demo shows. */
    public Run demoRun() {
        return runs.stream().filter(r -> r.rules().contains("kestrel")).findFirst().orElse(null);
    }

    /** Every scenario under {@code scenariosDir} (folders with a scenario.json), by name. */
    public static List<Scenario> discover(Path scenariosDir) throws IOException {
        List<Scenario> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(scenariosDir)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("scenario.json"))) {
                    found.add(read(dir));
                }
            }
        }
        return found;
    }

    /** Reads {@code dir/scenario.json}; a malformed file is reported as an IOException naming it. */
    @SuppressWarnings("unchecked")
    public static Scenario read(Path dir) throws IOException {
        Path file = dir.resolve("scenario.json");
        try {
            Map<String, Object> root = JsonReader.parseObject(Files.readString(file, StandardCharsets.UTF_8));
            List<Run> runs = new ArrayList<>();
            for (Object r : (List<Object>) root.getOrDefault("runs", List.of())) {
                Map<String, Object> run = (Map<String, Object>) r;
                List<ExpectedAlert> alerts = new ArrayList<>();
                for (Object a : (List<Object>) run.getOrDefault("alerts", List.of())) {
                    Map<String, Object> alert = (Map<String, Object>) a;
                    Priority p = Priority.parse((String) alert.get("priority"));
                    if (p == null) {
                        throw new IOException(file + ": unknown priority '" + alert.get("priority") + "'");
                    }
                    alerts.add(new ExpectedAlert((String) alert.get("rule"), p, (String) alert.getOrDefault("output", "")));
                }
                runs.add(new Run((List<String>) (List<?>) run.get("rules"), alerts));
            }
            return new Scenario(dir.getFileName().toString(), dir, (String) root.getOrDefault("title", dir.getFileName().toString()), runs);
        } catch (JsonException e) {
            throw new IOException(file + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(), e);
        } catch (ClassCastException | NullPointerException e) {
            throw new IOException(file + ": unexpected shape (" + e.getMessage() + ")", e);
        }
    }
}
