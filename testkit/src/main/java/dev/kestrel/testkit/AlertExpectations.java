package dev.kestrel.testkit;

import dev.kestrel.core.alert.Alert;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the alerts a test raised with those it expects and explains every difference in a
 * sentence. Expectations take their alerts in order; an alert no expectation took is unexpected
 * unless other alerts are allowed. Stateless.
 */
final class AlertExpectations {

    private AlertExpectations() {
    }

    /** The problems, empty when the alerts are as expected. */
    static List<String> check(List<ExpectedAlert> expected, List<Alert> alerts, boolean allowOthers) {
        List<String> problems = new ArrayList<>();
        boolean[] taken = new boolean[alerts.size()];
        for (ExpectedAlert want : expected) {
            List<Integer> ofRule = new ArrayList<>();
            List<Integer> matching = new ArrayList<>();
            String firstMismatch = null;
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                if (taken[i] || !a.rule().equals(want.rule())) {
                    continue;
                }
                ofRule.add(i);
                String mismatch = mismatch(want, a);
                if (mismatch == null) {
                    matching.add(i);
                } else if (firstMismatch == null) {
                    firstMismatch = mismatch;
                }
            }
            int need = want.count() == null ? 1 : want.count();
            if (want.count() != null && want.count() == 0) {
                if (!ofRule.isEmpty()) {
                    problems.add("expected no alert of rule " + want.rule() + ", got " + times(ofRule.size()));
                    ofRule.forEach(i -> taken[i] = true);
                }
                continue;
            }
            if (matching.size() < need) {
                if (ofRule.isEmpty()) {
                    problems.add("expected rule " + want.rule() + ", got " + describe(alerts, taken));
                } else if (matching.isEmpty()) {
                    problems.add("rule " + want.rule() + " fired but " + firstMismatch);
                    ofRule.forEach(i -> taken[i] = true); // explained: not also "unexpected"
                } else {
                    problems.add("rule " + want.rule() + " fired " + times(matching.size()) + ", expected "
                            + times(need) + (firstMismatch == null ? "" : "; another alert: " + firstMismatch));
                }
            } else if (want.count() != null && matching.size() > need) {
                problems.add("rule " + want.rule() + " fired " + times(matching.size()) + ", expected " + times(need));
            }
            List<Integer> take = want.count() == null ? matching : matching.subList(0, Math.min(need, matching.size()));
            take.forEach(i -> taken[i] = true);
            if (want.count() != null && matching.size() > need) {
                matching.forEach(i -> taken[i] = true);
            }
        }
        if (!allowOthers) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < alerts.size(); i++) {
                if (!taken[i]) {
                    others.add(alerts.get(i).rule());
                }
            }
            if (!others.isEmpty()) {
                problems.add(expected.isEmpty()
                        ? "expected no alert, got " + rules(others)
                        : "unexpected " + (others.size() == 1 ? "alert of " : "alerts of ") + rules(others));
            }
        }
        return problems;
    }

    /** Why {@code a} does not meet {@code want} (priority, output, a field), or null when it does. */
    private static String mismatch(ExpectedAlert want, Alert a) {
        if (want.priority() != null && a.priority() != want.priority()) {
            return "with priority " + a.priority().display() + ", expected " + want.priority().display();
        }
        if (want.output() != null && !a.output().contains(want.output())) {
            return "its output \"" + a.output() + "\" does not contain \"" + want.output() + "\"";
        }
        for (Map.Entry<String, String> f : want.outputFields().entrySet()) {
            if (!a.outputFields().containsKey(f.getKey())) {
                return "field " + f.getKey() + " is not among its output fields";
            }
            String got = text(a.outputFields().get(f.getKey()));
            if (!Objects.equals(got, f.getValue())) {
                return "field " + f.getKey() + " was \"" + got + "\", expected \"" + f.getValue() + "\"";
            }
        }
        return null;
    }

    /** A field value as text: as Falco prints it, {@code <NA>} for none. */
    static String text(Object value) {
        if (value == null) {
            return "<NA>";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(text(v)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    private static String describe(List<Alert> alerts, boolean[] taken) {
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            if (!taken[i]) {
                rules.add(alerts.get(i).rule());
            }
        }
        return rules.isEmpty() ? "no alert" : rules(rules);
    }

    /** "rule A", "rules A and B", "rules A, B and C" (distinct names, in order). */
    static String rules(List<String> names) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(names));
        if (distinct.size() == 1) {
            return "rule " + distinct.get(0) + (names.size() > 1 ? " (" + times(names.size()) + ")" : "");
        }
        return "rules " + String.join(", ", distinct.subList(0, distinct.size() - 1)) + " and "
                + distinct.get(distinct.size() - 1);
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
