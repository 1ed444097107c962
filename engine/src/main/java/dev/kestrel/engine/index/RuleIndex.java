package dev.kestrel.engine.index;

import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rules bucketed by event type, as Falco's index: for each {@link EventType} the rules (in load order)
 * whose condition can match that type, a bucket for event types Kestrel has no constant for, and every
 * rule for events whose type is not known at all. Kestrel's own state records (process snapshots,
 * metadata: types without a Falco name) have empty buckets. Built once; lookups are array reads.
 */
public final class RuleIndex<R> {
    private final List<List<R>> byType;
    private final List<R> others;
    private final List<R> all;

    private RuleIndex(List<List<R>> byType, List<R> others, List<R> all) {
        this.byType = byType;
        this.others = others;
        this.all = all;
    }

    /** Indexes {@code rules} (in load order) by the type set {@code types} gives each. */
    public static <R> RuleIndex<R> build(List<R> rules, Function<R, EventTypeSet> types) {
        List<List<R>> byType = new ArrayList<>();
        for (EventType t : EventType.values()) {
            List<R> bucket = new ArrayList<>();
            for (R r : rules) {
                // Kestrel's own state records (no Falco name) never run rules.
                if (t.falcoName() != null && types.apply(r).contains(t)) {
                    bucket.add(r);
                }
            }
            byType.add(List.copyOf(bucket));
        }
        List<R> others = rules.stream().filter(r -> types.apply(r).containsOthers()).toList();
        return new RuleIndex<>(List.copyOf(byType), List.copyOf(others), List.copyOf(rules));
    }

    /** The rules that can match events of {@code type}, in load order. */
    public List<R> rulesFor(EventType type) {
        return byType.get(type.ordinal());
    }

    /** The rules that can match an event whose type has no {@link EventType} constant. */
    public List<R> rulesForOtherTypes() {
        return others;
    }

    /** Every rule: for events whose type is unknown. */
    public List<R> allRules() {
        return all;
    }
}
