package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of what a {@link Kestrel} instance has done since it was built: events processed and
 * skipped (with the reason of each skip), metadata records applied (apart from events), alerts by
 * priority and by rule, evaluation errors, what
 * became of the alerts (delivered, failed in a sink, dropped), and how often each limit of
 * {@link KestrelLimits} was reached. Immutable.
 *
 * <p>Every alert raised is delivered, failed, dropped, or still on its way (queued or inside a
 * sink): after {@link Kestrel#close()}, {@code alertsDelivered + alertsFailed + alertsDropped ==
 * alerts()}.
 *
 * @param eventsProcessed system events applied to the state and evaluated (metadata records are not
 *                        events: see {@code metadataRecords})
 * @param alertsDropped alerts never handed to the sinks (queue full for the whole wait, or closed)
 * @param sinkErrors failures of sinks (one per sink and alert, and per failed close)
 * @param alertsDelivered alerts every sink accepted
 * @param alertsFailed alerts at least one sink failed to accept
 * @param limitsHit for each limit reached, by its name in {@link KestrelLimits} (for example
 *                  {@code maxStateBytes}, {@code maxAlertOutputBytes}, {@code alertQueue}), how many
 *                  times: each time something was cut, evicted, dropped or refused because of it
 * @param metadataRecords the records that only carry state, by kind, counted apart from
 *                        {@code eventsProcessed}: {@code snapshot} (a process seen at start),
 *                        {@code fd_snapshot}, {@code container}, {@code pod}, {@code user},
 *                        {@code group}, {@code host}; {@link Kestrel#counters()} lists every kind,
 *                        in that order, with 0 for the kinds never seen
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
        Map<String, Long> limitsHit,
        Map<String, Long> metadataRecords) {

    public KestrelCounters {
        metadataRecords = Collections.unmodifiableMap(new LinkedHashMap<>(metadataRecords));
        skippedByReason = Map.copyOf(skippedByReason);
        alertsByPriority = Map.copyOf(alertsByPriority);
        alertsByRule = Map.copyOf(alertsByRule);
        limitsHit = Map.copyOf(limitsHit);
    }

    /** Counters without delivery outcomes, limits or metadata records (delivered, failed: 0; none reached). */
    public KestrelCounters(long eventsProcessed, long eventsSkipped, Map<String, Long> skippedByReason,
            Map<Priority, Long> alertsByPriority, Map<String, Long> alertsByRule, long evaluationErrors,
            long alertsDropped, long sinkErrors) {
        this(eventsProcessed, eventsSkipped, skippedByReason, alertsByPriority, alertsByRule, evaluationErrors,
                alertsDropped, sinkErrors, 0, 0, Map.of(), Map.of());
    }

    /** All metadata records applied, whatever their kind (none of them is in {@code eventsProcessed}). */
    public long metadataRecordsTotal() {
        return metadataRecords.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many metadata records of {@code kind} (see {@link #metadataRecords()}) were applied; 0 for an unknown kind. */
    public long metadataRecords(String kind) {
        return metadataRecords.getOrDefault(kind, 0L);
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
