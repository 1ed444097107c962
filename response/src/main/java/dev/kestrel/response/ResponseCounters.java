package dev.kestrel.response;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a responder's counters, for metrics. Alerts: received, and those that matched a
 * response rule. Jobs (one matched alert's actions, unless all were duplicates): queued, or dropped
 * because the queue was full or closed or the job was still queued at close (such a job counts as
 * queued too); {@code queueJobs} and {@code queueBytes} wait now. Actions: by actionner
 * (sorted by name), each planned action counted once more when it ends ({@link ActionCounters}).
 * {@code dedupKeysEvicted}: (action, target) pairs the deduplication forgot early to stay within its
 * key limit. Records a listener or the audit file failed to take are counted apart. Immutable.
 */
public record ResponseCounters(long alertsReceived, long alertsMatched, long jobsQueued, long jobsDropped,
        long queueJobs, long queueBytes, Map<String, ActionCounters> actionners, long dedupKeysEvicted, long listenerErrors,
        long auditErrors) {

    public ResponseCounters {
        actionners = Collections.unmodifiableMap(new TreeMap<>(actionners));
    }

    /** Every actionner's counters added up. */
    public ActionCounters total() {
        ActionCounters sum = ActionCounters.NONE;
        for (ActionCounters c : actionners.values()) {
            sum = sum.plus(c);
        }
        return sum;
    }

    /** Actions recorded with {@code status}, all actionners together. */
    public long actions(ActionStatus status) {
        return total().of(status);
    }

    /** Actions not run because the same action on the same target already ran in the window. */
    public long actionsDeduplicated() {
        return total().deduplicated();
    }

    /** One actionner's counters ({@link ActionCounters#NONE} when it never appeared). */
    public ActionCounters actionner(String name) {
        return actionners.getOrDefault(name, ActionCounters.NONE);
    }
}
