package dev.kestrel.testkit;

import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.RuleMatching;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Rule tests in Java: rules, a small world and what happens in it, and the alerts raised.
 * <pre>{@code
 * static final RuleTest RULES = RuleTest.with(Path.of("falco_rules.yaml"), Path.of("my_rules.yaml"));
 *
 * RuleTestResult r = RULES
 *     .given(w -> w.container(Container.of("b71c0f4e9a12", "blog/was:2.3.1").inPod("was-1", "blog"))
 *                  .process(RunningProcess.of("was", "/usr/bin/java", "-jar", "/app.jar").in("b71c0f4e9a12")))
 *     .when(a -> a.spawn("was", "/bin/sh", "-c", "id"));
 * assertThat(r).fired("Java Process Spawning Shell").withField("k8s.pod.name", "was-1");
 * }</pre>
 * The rules are loaded and compiled once, on the first run, and every run starts from a fresh
 * state, so one instance serves many tests (and many jqwik tries). Rules are evaluated with
 * {@code rule_matching: all} unless {@link #ruleMatching} says otherwise.
 *
 * <p>Immutable configuration; thread-safe (runs on one instance are serialised). Close it to stop
 * its alert delivery thread (a daemon thread: forgetting to close does not keep a JVM alive).
 */
public final class RuleTest implements AutoCloseable {

    private final List<RulesSource> rules;
    private final RuleMatching matching;
    private final List<String> extraFields;
    private final Object lock = new Object();
    private KitEngine engine;

    private RuleTest(List<RulesSource> rules, RuleMatching matching, List<String> extraFields) {
        this.rules = List.copyOf(rules);
        this.matching = matching;
        this.extraFields = List.copyOf(extraFields);
    }

    /**
     * Rule tests over the rules files {@code files}, read now, in order.
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    public static RuleTest with(Path... files) {
        List<RulesSource> sources = new ArrayList<>();
        for (Path f : files) {
            try {
                sources.add(RulesSource.of(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rules file " + f + ": " + e.getMessage(), e);
            }
        }
        return new RuleTest(sources, RuleMatching.ALL, List.of());
    }

    /** Rule tests over rules given as text; {@code name} stands for the file in error messages. */
    public static RuleTest withRulesText(String name, String yaml) {
        return new RuleTest(List.of(new RulesSource(name, yaml)), RuleMatching.ALL, List.of());
    }

    /** These rules plus {@code yaml} after them (for example an exception appended to an official rule). */
    public RuleTest andRulesText(String name, String yaml) {
        List<RulesSource> more = new ArrayList<>(rules);
        more.add(new RulesSource(name, yaml));
        return new RuleTest(more, matching, extraFields);
    }

    /** Falco's {@code rule_matching}; default {@link RuleMatching#ALL}. */
    public RuleTest ruleMatching(RuleMatching matching) {
        return new RuleTest(rules, Objects.requireNonNull(matching, "matching"), extraFields);
    }

    /** Fields every alert carries in output_fields besides its rule's and the kit's context fields. */
    public RuleTest extraFields(String... fields) {
        List<String> more = new ArrayList<>(extraFields);
        more.addAll(List.of(fields));
        return new RuleTest(rules, matching, more);
    }

    /** The world of a test, built by {@code spec}. */
    public Given given(Consumer<World.Builder> spec) {
        return new Given(World.of(spec));
    }

    public Given given(World world) {
        return new Given(Objects.requireNonNull(world, "world"));
    }

    /**
     * Expands {@code world} and {@code actions} to events, runs them through the rules on a fresh
     * state and returns the alerts.
     *
     * @throws IllegalArgumentException when an action names a process or container the world lacks
     *                                  (the message lists every such problem)
     * @throws dev.kestrel.engine.runtime.RulesLoadException when the rules do not load
     */
    public RuleTestResult run(World world, List<Action> actions) {
        List<Map<String, Object>> events;
        try {
            events = EventExpansion.expand(world, actions);
        } catch (EventExpansion.InvalidTest e) {
            List<String> lines = e.problems().stream()
                    .map(p -> p.section() + "[" + p.index() + "]." + p.key() + ": " + p.message()).toList();
            throw new IllegalArgumentException("the test is not valid: " + String.join("; ", lines), e);
        }
        KitEngine.Run run = engine().run(events);
        return new RuleTestResult(world, actions, events, run.alerts(), run.skipped());
    }

    /** Runs a generated (or hand-made) workload; see {@link #run(World, List)}. */
    public RuleTestResult run(Workload workload) {
        return run(workload.world(), workload.actions());
    }

    private KitEngine engine() {
        synchronized (lock) {
            if (engine == null) {
                engine = new KitEngine(rules, matching, extraFields);
            }
            return engine;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }

    /** A world waiting for its actions. Immutable. */
    public final class Given {
        private final World world;

        private Given(World world) {
            this.world = world;
        }

        /** Runs the actions {@code spec} adds, in order; see {@link RuleTest#run}. */
        public RuleTestResult when(Consumer<Actions> spec) {
            Actions actions = new Actions();
            spec.accept(actions);
            return run(world, actions.list());
        }

        public RuleTestResult when(List<Action> actions) {
            return run(world, actions);
        }
    }
}
