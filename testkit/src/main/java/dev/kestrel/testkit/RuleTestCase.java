package dev.kestrel.testkit;

import dev.kestrel.engine.loader.Spot;
import java.util.List;
import java.util.Objects;

/**
 * One test of a rule test file: a world, what happens in it, and the alerts expected. Immutable.
 *
 * @param name the test's name
 * @param world the containers, users and processes it starts with
 * @param actions what happens, in order
 * @param expect the alerts expected, in any order; empty: no alert at all
 * @param allowOtherAlerts whether alerts no expectation takes are allowed (default false)
 * @param spot where the test starts in its file
 * @param expectSpots where each expectation's rule name is, parallel to {@code expect}
 */
public record RuleTestCase(String name, World world, List<Action> actions, List<ExpectedAlert> expect,
        boolean allowOtherAlerts, Spot spot, List<Spot> expectSpots) {

    public RuleTestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(world, "world");
        actions = List.copyOf(actions);
        expect = List.copyOf(expect);
        expectSpots = List.copyOf(expectSpots);
    }

    /** This test as YAML, ready to paste under {@code tests:}. */
    public String toYaml() {
        return RuleTestYaml.test(name, world, actions, expect, allowOtherAlerts, "");
    }
}
