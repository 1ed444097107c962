package dev.kestrel.testkit;

import dev.kestrel.core.alert.Alert;
import java.util.List;

/**
 * How one test of a rule test file went. Immutable.
 *
 * @param file the test file
 * @param name the test's name
 * @param ok whether the alerts were as expected
 * @param alerts the alerts raised, in order
 * @param problems why it failed, one sentence each (expected rule X, got rules Y and Z; field
 *                 k8s.pod.name was "a", expected "b"); empty when ok
 * @param events the events the test expanded to, one JSON Lines line each
 */
public record TestOutcome(String file, String name, boolean ok, List<Alert> alerts, List<String> problems,
        List<String> events) {

    public TestOutcome {
        alerts = List.copyOf(alerts);
        problems = List.copyOf(problems);
        events = List.copyOf(events);
    }
}
