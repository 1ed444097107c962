package dev.kestrel.response;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts each actionner's actions as they are planned and as they end ({@link ActionCounters}).
 * Thread-safe: the caller of {@code accept} and the worker count at the same time.
 */
final class ActionTally {

    private static final int PLANNED = 0;
    private static final int STATUS = 1; // + ActionStatus.ordinal()
    private static final int DEDUPLICATED = STATUS + ActionStatus.values().length;
    private static final int DROPPED = DEDUPLICATED + 1;
    private static final int SKIPPED = DROPPED + 1;
    private static final int SLOTS = SKIPPED + 1;

    private final Map<String, LongAdder[]> byActionner = new ConcurrentHashMap<>();

    /** A tally that shows {@code actionners} (those the rules name) even before they act. */
    ActionTally(Iterable<String> actionners) {
        actionners.forEach(this::slots);
    }

    private LongAdder[] slots(String actionner) {
        return byActionner.computeIfAbsent(actionner, k -> {
            LongAdder[] a = new LongAdder[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                a[i] = new LongAdder();
            }
            return a;
        });
    }

    void planned(String actionner) {
        slots(actionner)[PLANNED].increment();
    }

    void ended(String actionner, ActionStatus status) {
        slots(actionner)[STATUS + status.ordinal()].increment();
    }

    void deduplicated(String actionner) {
        slots(actionner)[DEDUPLICATED].increment();
    }

    void dropped(String actionner) {
        slots(actionner)[DROPPED].increment();
    }

    void skipped(String actionner) {
        slots(actionner)[SKIPPED].increment();
    }

    /** The counters now, by actionner name (sorted). */
    Map<String, ActionCounters> snapshot() {
        Map<String, ActionCounters> out = new TreeMap<>();
        byActionner.forEach((name, a) -> out.put(name, new ActionCounters(a[PLANNED].sum(),
                a[STATUS + ActionStatus.SUCCESS.ordinal()].sum(), a[STATUS + ActionStatus.IGNORED.ordinal()].sum(),
                a[STATUS + ActionStatus.DRY_RUN.ordinal()].sum(), a[STATUS + ActionStatus.FAILURE.ordinal()].sum(),
                a[STATUS + ActionStatus.RATE_LIMITED.ordinal()].sum(), a[DEDUPLICATED].sum(), a[DROPPED].sum(),
                a[SKIPPED].sum())));
        return out;
    }
}
