package dev.kestrel.testkit;

import dev.kestrel.core.alert.Alert;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AssertProvider;

/**
 * What one rule test did: its world and actions, the events they expanded to, and the alerts the
 * rules raised, in order. Immutable and thread-safe. AssertJ's {@code assertThat(result)} gives a
 * {@link RuleTestAssert} ({@code fired}, {@code firedNothing}, {@code firedOnly}).
 */
public final class RuleTestResult implements AssertProvider<RuleTestAssert> {

    private final World world;
    private final List<Action> actions;
    private final List<Map<String, Object>> events;
    private final List<Alert> alerts;
    private final List<String> skipped;

    RuleTestResult(World world, List<Action> actions, List<Map<String, Object>> events, List<Alert> alerts,
            List<String> skipped) {
        this.world = world;
        this.actions = List.copyOf(actions);
        this.events = List.copyOf(events);
        this.alerts = List.copyOf(alerts);
        this.skipped = List.copyOf(skipped);
    }

    public World world() {
        return world;
    }

    public List<Action> actions() {
        return actions;
    }

    /** The alerts raised, in the order their events came. */
    public List<Alert> alerts() {
        return alerts;
    }

    /** The rule of each alert, in order (a rule that fired twice appears twice). */
    public List<String> rulesFired() {
        return alerts.stream().map(Alert::rule).toList();
    }

    /** The events the world and actions expanded to, one JSON Lines line each: a replayable stream. */
    public List<String> eventLines() {
        return EventExpansion.lines(events);
    }

    /** Events the engine could not use, with reasons (empty when all were used). */
    public List<String> skippedEvents() {
        return skipped;
    }

    /**
     * This test as a {@code tests:} item of a rule test file, expecting exactly the alerts it
     * raised: ready to paste into a file and to keep as a regression test.
     */
    public String toYaml(String name) {
        List<ExpectedAlert> expect = alerts.stream().map(a -> ExpectedAlert.of(a.rule())).distinct().toList();
        return RuleTestYaml.test(name, world, actions, expect, false, "");
    }

    @Override
    public RuleTestAssert assertThat() {
        return new RuleTestAssert(this);
    }

    @Override
    public String toString() {
        return "rules fired " + rulesFired() + " for:\n" + toYaml("a generated test");
    }
}
