package dev.kestrel.testkit;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the alerts one rule raised in a rule test. {@link #withField} and
 * {@link #withPriority} narrow the alerts to those that match (failing when none does), so chained
 * conditions must hold on one alert. Not thread-safe.
 */
public final class FiredAlertsAssert extends AbstractAssert<FiredAlertsAssert, List<Alert>> {

    private final RuleTestAssert parent;
    private final String rule;

    FiredAlertsAssert(RuleTestAssert parent, String rule, List<Alert> alerts) {
        super(alerts, FiredAlertsAssert.class);
        this.parent = parent;
        this.rule = rule;
    }

    /**
     * Keeps the alerts whose output field {@code field} has {@code value} (compared as text,
     * {@code <NA>} for none); fails when none has. The kit adds common context fields (proc.name,
     * k8s.pod.name, container.id, fd.name...) to every alert besides those of the rule's output.
     */
    public FiredAlertsAssert withField(String field, Object value) {
        String want = AlertExpectations.text(value);
        List<Alert> kept = actual.stream()
                .filter(a -> a.outputFields().containsKey(field)
                        && Objects.equals(AlertExpectations.text(a.outputFields().get(field)), want))
                .toList();
        if (kept.isEmpty()) {
            List<String> seen = actual.stream()
                    .map(a -> a.outputFields().containsKey(field)
                            ? "\"" + AlertExpectations.text(a.outputFields().get(field)) + "\""
                            : "(not an output field)")
                    .toList();
            failWithMessage("rule %s fired but field %s was %s, expected \"%s\"%s", rule, field,
                    String.join(" / ", seen), want, parent.yaml());
        }
        return new FiredAlertsAssert(parent, rule, kept);
    }

    /** Keeps the alerts of {@code priority}; fails when none has it. */
    public FiredAlertsAssert withPriority(Priority priority) {
        List<Alert> kept = actual.stream().filter(a -> a.priority() == priority).toList();
        if (kept.isEmpty()) {
            failWithMessage("rule %s fired with priority %s, expected %s%s", rule,
                    actual.get(0).priority().display(), priority.display(), parent.yaml());
        }
        return new FiredAlertsAssert(parent, rule, kept);
    }

    /** Fails unless exactly {@code n} alerts are left. */
    public FiredAlertsAssert times(int n) {
        if (actual.size() != n) {
            failWithMessage("rule %s fired %d time(s), expected %d%s", rule, actual.size(), n, parent.yaml());
        }
        return this;
    }

    /** Back to the whole result, to chain more assertions. */
    public RuleTestAssert and() {
        return parent;
    }
}
