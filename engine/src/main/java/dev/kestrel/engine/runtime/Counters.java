package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.sink.AlertDelivery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind {@link KestrelCounters}. */
final class Counters {

    final LongAdder processed = new LongAdder();
    final LongAdder evaluationErrors = new LongAdder();
    /** Metadata records by {@link EventType#ordinal()}; null for the syscall types. */
    private final LongAdder[] records = new LongAdder[EventType.values().length];
    private final LongAdder skipped = new LongAdder();
    /** Event lines skipped for the line limit and for the depth limit, and string parameters cut, as a reader counted them. */
    final LongAdder eventLinesTooLong = new LongAdder();
    final LongAdder eventLinesTooDeep = new LongAdder();
    final LongAdder eventStringsCut = new LongAdder();
    private final Map<String, LongAdder> skippedByReason = new ConcurrentHashMap<>();
    private final LongAdder[] byPriority = new LongAdder[Priority.values().length];
    private final Map<String, RuleCount> byRule = new ConcurrentHashMap<>();

    /** One rule's matches and the labels they are reported with. */
    private static final class RuleCount {
        final Priority priority;
        final List<String> tags;
        final LongAdder count = new LongAdder();

        RuleCount(Priority priority, List<String> tags) {
            this.priority = priority;
            this.tags = List.copyOf(tags);
        }
    }

    Counters() {
        for (int i = 0; i < byPriority.length; i++) {
            byPriority[i] = new LongAdder();
        }
        for (EventType t : EventType.values()) {
            if (t.internal()) {
                records[t.ordinal()] = new LongAdder();
            }
        }
    }

    /** Counts one applied event: a metadata record by its kind, anything else as an event processed. */
    void applied(EventType type) {
        LongAdder record = records[type.ordinal()];
        (record != null ? record : processed).increment();
    }

    /**
     * The name a metadata record type is counted under: the key of its JSON Lines record
     * ({@code snapshot}, {@code container}, {@code pod}, {@code user}, {@code group}, {@code host}), or
     * {@code fd_snapshot} for a capture's open files.
     */
    static String recordKind(EventType type) {
        return switch (type) {
            case PROCESS_SNAPSHOT -> "snapshot";
            case FD_SNAPSHOT -> "fd_snapshot";
            case CONTAINER_METADATA -> "container";
            case POD_METADATA -> "pod";
            case USER_METADATA -> "user";
            case GROUP_METADATA -> "group";
            case HOST_ENTRY -> "host";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    void skipped(String reason) {
        skipped(reason, 1);
    }

    /** Counts {@code events} skipped for {@code reason}. */
    void skipped(String reason, long events) {
        skipped.add(events);
        skippedByReason.computeIfAbsent(reason, r -> new LongAdder()).add(events);
    }

    void alert(String rule, Priority priority, List<String> tags) {
        byPriority[priority.ordinal()].increment();
        RuleCount c = byRule.get(rule);
        if (c == null || c.priority != priority || !c.tags.equals(tags)) {
            c = byRule.compute(rule, (r, old) -> {
                RuleCount fresh = new RuleCount(priority, tags);
                if (old != null) {
                    fresh.count.add(old.count.sum());
                }
                return fresh;
            });
        }
        c.count.increment();
    }

    List<RuleMatches> ruleMatches(String source) {
        List<RuleMatches> out = new ArrayList<>();
        byRule.forEach((rule, c) -> out.add(new RuleMatches(rule, c.priority, source, c.tags, c.count.sum())));
        out.sort(Comparator.comparing(RuleMatches::rule));
        return out;
    }

    KestrelCounters snapshot(AlertDelivery delivery, Map<String, Long> limitsHit) {
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
        byRule.forEach((k, v) -> rules.put(k, v.count.sum()));
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            if (records[t.ordinal()] != null) {
                kinds.put(recordKind(t), records[t.ordinal()].sum());
            }
        }
        return new KestrelCounters(processed.sum(), skipped.sum(), reasons, priorities, rules,
                evaluationErrors.sum(), delivery.dropped(), delivery.sinkErrors(), delivery.delivered(),
                delivery.failed(), limitsHit, kinds);
    }
}
