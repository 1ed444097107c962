package dev.kestrel.cli;

import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.KestrelCounters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Replays a {@link Scenario} through the rules of one of its runs, with a fresh state, handing the
 * alerts to the given sinks. Used by the demo and by the scenario tests.
 */
public final class ScenarioRunner {

    /** Rules reference for Kestrel's default ruleset. */
    public static final String KESTREL = "kestrel";
    /** Rules reference for the user's sample rules, {@code src/rules/user_rules.yaml}. */
    public static final String USER = "user";
    /** Rules reference for Falco's official ruleset, {@code <shared>/rules/falco_rules.yaml}. */
    public static final String FALCO = "falco";

    private final Path root;
    private final Path shared;

    /**
     * @param root the checkout root (holding {@code src/rules} and {@code src/scenarios})
     * @param shared the folder holding {@code rules/falco_rules.yaml}, or null when not available
     */
    public ScenarioRunner(Path root, Path shared) {
        this.root = root;
        this.shared = shared;
    }

    /** What one replay did. */
    public record Outcome(KestrelCounters counters, List<String> skippedLines) {
    }

    /**
     * Replays {@code scenario} through {@code rules} (references as in scenario.json).
     *
     * @throws dev.kestrel.engine.runtime.RulesLoadException when the rules do not load
     */
    public Outcome run(Scenario scenario, List<String> rules, List<AlertSink> sinks) throws IOException {
        KestrelBuilder b = Kestrel.builder().alertQueue(10_000, Duration.ofMinutes(1));
        for (String ref : rules) {
            switch (ref) {
                case KESTREL -> b.defaultRules();
                case USER -> add(b, root.resolve("src/rules/user_rules.yaml"));
                case FALCO -> {
                    if (shared == null) {
                        throw new IOException("Falco's official ruleset is not available (no shared folder given)");
                    }
                    add(b, shared.resolve("rules/falco_rules.yaml"));
                }
                default -> add(b, scenario.dir().resolve(ref));
            }
        }
        sinks.forEach(b::sink);
        try (Kestrel kestrel = b.build();
                InputStream reader = Files.newInputStream(scenario.events())) {
            EventFeed.Result result = EventFeed.replay(kestrel, reader);
            kestrel.flush(Duration.ofMinutes(1));
            return new Outcome(kestrel.counters(), result.skippedLines());
        }
    }

    private static void add(KestrelBuilder b, Path file) throws IOException {
        RulesSource s = RulesSource.of(file);
        b.rulesText(file.getFileName().toString(), s.content());
    }
}
