package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import java.util.Map;

/**
 * A snapshot of what a {@link Kestrel} instance has done since it was built: events processed and
 * skipped (with the reason of each skip), alerts by priority and by rule, evaluation errors, and
 * alerts the sinks lost (dropped because delivery was too slow, or failed in a sink).
 */
public record KestrelCounters(
        long eventsProcessed,
        long eventsSkipped,
        Map<String, Long> skippedByReason,
        Map<Priority, Long> alertsByPriority,
        Map<String, Long> alertsByRule,
        long evaluationErrors,
        long alertsDropped,
        long sinkErrors) {

    public KestrelCounters {
        skippedByReason = Map.copyOf(skippedByReason);
        alertsByPriority = Map.copyOf(alertsByPriority);
        alertsByRule = Map.copyOf(alertsByRule);
    }

    /** Every alert raised, whatever happened to it in delivery. */
    public long alerts() {
        return alertsByPriority.values().stream().mapToLong(Long::longValue).sum();
    }
}
