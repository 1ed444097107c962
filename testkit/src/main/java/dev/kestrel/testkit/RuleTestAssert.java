package dev.kestrel.testkit;

import dev.kestrel.core.alert.Alert;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link RuleTestResult}. Every failure message names the rules that did
 * fire and prints the test as YAML, ready to paste into a rule test file. Not thread-safe (as any
 * AssertJ assertion).
 */
public final class RuleTestAssert extends AbstractAssert<RuleTestAssert, RuleTestResult> {

    RuleTestAssert(RuleTestResult actual) {
        super(actual, RuleTestAssert.class);
    }

    /** The entry point, for those who prefer a static import of the kit's own. */
    public static RuleTestAssert assertThat(RuleTestResult result) {
        return new RuleTestAssert(result);
    }

    /** Fails unless {@code rule} fired at least once; then asserts on its alerts. */
    public FiredAlertsAssert fired(String rule) {
        isNotNull();
        List<Alert> of = actual.alerts().stream().filter(a -> a.rule().equals(rule)).toList();
        if (of.isEmpty()) {
            failWithMessage("expected rule %s to fire, got %s%s", rule, got(), yaml());
        }
        return new FiredAlertsAssert(this, rule, of);
    }

    /** Fails if any rule fired. */
    public RuleTestAssert firedNothing() {
        isNotNull();
        if (!actual.alerts().isEmpty()) {
            failWithMessage("expected no alert, got %s%s", got(), yaml());
        }
        return this;
    }

    /** Fails unless exactly these rules fired (each at least once) and no other. */
    public RuleTestAssert firedOnly(String... rules) {
        isNotNull();
        Set<String> want = new LinkedHashSet<>(Arrays.asList(rules));
        Set<String> got = new LinkedHashSet<>(actual.rulesFired());
        if (!want.equals(got)) {
            failWithMessage("expected only %s to fire, got %s%s", AlertExpectations.rules(List.copyOf(want)), got(),
                    yaml());
        }
        return this;
    }

    /** Fails if {@code rule} fired. */
    public RuleTestAssert didNotFire(String rule) {
        isNotNull();
        if (actual.rulesFired().contains(rule)) {
            failWithMessage("expected rule %s not to fire, but it did%s", rule, yaml());
        }
        return this;
    }

    /** Fails if the engine skipped any event (a raw event it could not use). */
    public RuleTestAssert usedEveryEvent() {
        isNotNull();
        if (!actual.skippedEvents().isEmpty()) {
            failWithMessage("events were skipped: %s%s", actual.skippedEvents(), yaml());
        }
        return this;
    }

    String got() {
        return actual.alerts().isEmpty() ? "no alert" : AlertExpectations.rules(actual.rulesFired());
    }

    String yaml() {
        return "\nThe test, ready to paste under tests: in a rule test file:\n" + actual.toYaml("a failing test");
    }

    RuleTestResult result() {
        return actual;
    }
}
