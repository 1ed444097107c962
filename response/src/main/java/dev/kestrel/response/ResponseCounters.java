package dev.kestrel.response;

import java.util.Map;

/**
 * A snapshot of a responder's counters, for metrics. Alerts: received, and those that matched a
 * response rule. Jobs (one matched alert's actions): queued, or dropped because the queue was full
 * or the responder closed. Actions: deduplicated (the same action on the same target already ran
 * in the window), and by how they ended, in total and per actionner. Immutable.
 */
public record ResponseCounters(long alertsReceived, long alertsMatched, long jobsQueued, long jobsDropped,
        long actionsDeduplicated, Map<ActionStatus, Long> actions, Map<String, Map<ActionStatus, Long>> actionsByActionner,
        long listenerErrors, long auditErrors) {

    public ResponseCounters {
        actions = Map.copyOf(actions);
        actionsByActionner = Map.copyOf(actionsByActionner);
    }

    /** Actions that ended with {@code status}. */
    public long actions(ActionStatus status) {
        return actions.getOrDefault(status, 0L);
    }
}
