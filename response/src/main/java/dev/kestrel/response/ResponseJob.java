package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import java.util.List;

/**
 * One matched alert's work: the response rules it matched, in order, each with its actions planned
 * (target found or why not, duplicate or not). Immutable.
 */
record ResponseJob(Alert alert, List<PlannedRule> rules, long bytes) {

    record PlannedRule(ResponseRule rule, List<PlannedAction> actions) {
    }

    /** An action with its target (null when the alert lacks it, {@code targetError} says why). */
    record PlannedAction(RuleAction action, String target, String targetError, boolean duplicate) {
    }

    /** Roughly how many bytes the job keeps alive while queued. */
    static long estimateBytes(Alert alert) {
        long bytes = 256L + 2L * (alert.output().length() + alert.rule().length());
        for (var e : alert.outputFields().entrySet()) {
            bytes += 64L + 2L * e.getKey().length() + (e.getValue() instanceof String s ? 2L * s.length() : 16L);
        }
        return bytes + 32L * alert.tags().size();
    }
}
