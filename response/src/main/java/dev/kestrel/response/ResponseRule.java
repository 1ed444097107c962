package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import java.util.List;

/**
 * One {@code - rule:} of a response rules file: what alerts it matches, its actions in order,
 * whether later rules are still tried after it matched ({@code continue}, default true) and whether
 * it only records ({@code dry_run}). Immutable.
 */
record ResponseRule(String name, String description, MatchCriteria match, List<RuleAction> actions,
        boolean continueAfter, boolean dryRun) {

    ResponseRule {
        actions = List.copyOf(actions);
    }

    boolean matches(Alert alert) {
        return match.matches(alert);
    }
}
