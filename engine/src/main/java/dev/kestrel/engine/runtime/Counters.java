package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind {@link KestrelCounters}. */
final class Counters {

    final LongAdder processed = new LongAdder();
    final LongAdder evaluationErrors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Map<String, LongAdder> skippedByReason = new ConcurrentHashMap<>();
    private final LongAdder[] byPriority = new LongAdder[Priority.values().length];
    private final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();

    Counters() {
        for (int i = 0; i < byPriority.length; i++) {
            byPriority[i] = new LongAdder();
        }
    }

    void skipped(String reason) {
        skipped.increment();
        skippedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void alert(String rule, Priority priority) {
        byPriority[priority.ordinal()].increment();
        byRule.computeIfAbsent(rule, r -> new LongAdder()).increment();
    }

    KestrelCounters snapshot(long dropped, long sinkErrors) {
        Map<String, Long> reasons = new HashMap<>();
        skippedByReason.forEach((k, v) -> reasons.put(k, v.sum()));
        Map<Priority, Long> priorities = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            long n = byPriority[p.ordinal()].sum();
            if (n > 0) {
                priorities.put(p, n);
            }
        }
        Map<String, Long> rules = new HashMap<>();
        byRule.forEach((k, v) -> rules.put(k, v.sum()));
        return new KestrelCounters(processed.sum(), skipped.sum(), reasons, priorities, rules,
                evaluationErrors.sum(), dropped, sinkErrors);
    }
}
