package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import java.util.Map;

/**
 * A snapshot of what a {@link Kestrel} instance has done since it was built: events processed and
 * skipped (with the reason of each skip), alerts by priority and by rule, evaluation errors, what
 * became of the alerts (delivered, failed in a sink, dropped), and how often each limit of
 * {@link KestrelLimits} was reached. Immutable.
 *
 * <p>Every alert raised is delivered, failed, dropped, or still on its way (queued or inside a
 * sink): after {@link Kestrel#close()}, {@code alertsDelivered + alertsFailed + alertsDropped ==
 * alerts()}.
 *
 * @param alertsDropped alerts never handed to the sinks (queue full for the whole wait, or closed)
 * @param sinkErrors failures of sinks (one per sink and alert, and per failed close)
 * @param alertsDelivered alerts every sink accepted
 * @param alertsFailed alerts at least one sink failed to accept
 * @param limitsHit for each limit reached, by its name in {@link KestrelLimits} (for example
 *                  {@code maxStateBytes}, {@code maxAlertOutputBytes}, {@code alertQueue}), how many
 *                  times: each time something was cut, evicted, dropped or refused because of it
 */
public record KestrelCounters(
        long eventsProcessed,
        long eventsSkipped,
        Map<String, Long> skippedByReason,
        Map<Priority, Long> alertsByPriority,
        Map<String, Long> alertsByRule,
        long evaluationErrors,
        long alertsDropped,
        long sinkErrors,
        long alertsDelivered,
        long alertsFailed,
        Map<String, Long> limitsHit) {

    public KestrelCounters {
        skippedByReason = Map.copyOf(skippedByReason);
        alertsByPriority = Map.copyOf(alertsByPriority);
        alertsByRule = Map.copyOf(alertsByRule);
        limitsHit = Map.copyOf(limitsHit);
    }

    /** Counters without delivery outcomes or limits (delivered, failed: 0; no limit reached). */
    public KestrelCounters(long eventsProcessed, long eventsSkipped, Map<String, Long> skippedByReason,
            Map<Priority, Long> alertsByPriority, Map<String, Long> alertsByRule, long evaluationErrors,
            long alertsDropped, long sinkErrors) {
        this(eventsProcessed, eventsSkipped, skippedByReason, alertsByPriority, alertsByRule, evaluationErrors,
                alertsDropped, sinkErrors, 0, 0, Map.of());
    }

    /** Every alert raised, whatever happened to it in delivery. */
    public long alerts() {
        return alertsByPriority.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Alerts lost: dropped before a sink saw them, or failed in a sink. */
    public long alertsLost() {
        return alertsDropped + alertsFailed;
    }

    /** How many times {@code limit} (a name of {@link KestrelLimits}) was reached; 0 when never. */
    public long limitHits(String limit) {
        return limitsHit.getOrDefault(limit, 0L);
    }
}
