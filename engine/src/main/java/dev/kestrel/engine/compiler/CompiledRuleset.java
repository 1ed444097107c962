package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.engine.index.RuleIndex;
import java.util.List;

/**
 * Compiled rules indexed by event type. Immutable and safe to share between threads. Per-event scratch
 * (cached field values, results of shared sub-conditions) lives in an {@link Evaluator}: a thread that
 * evaluates many events should hold its own from {@link #newEvaluator()}; {@link #evaluate} borrows a
 * pooled one.
 */
public final class CompiledRuleset {
    private final List<CompiledRule> rules;
    private final RuleIndex<CompiledRule> index;
    private final int slots;
    private final Sources.Str eventTypeName;
    private final EvaluatorPool pool;

    CompiledRuleset(List<CompiledRule> rules, RuleIndex<CompiledRule> index, int slots, Sources.Str eventTypeName) {
        this.rules = List.copyOf(rules);
        this.index = index;
        this.slots = slots;
        this.eventTypeName = eventTypeName;
        this.pool = new EvaluatorPool(Math.max(2, Runtime.getRuntime().availableProcessors()), this::newEvaluator);
    }

    /** The rules in load order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /** The event-type index: which rules each event type runs. */
    public RuleIndex<CompiledRule> index() {
        return index;
    }

    /** A new evaluator with its own scratch, for one thread at a time. */
    public Evaluator newEvaluator() {
        return new Evaluator(this, new Frame(slots));
    }

    /**
     * Evaluates the rules that can match the event's type, in load order, telling {@code listener}
     * of each match; with {@code firstOnly} it stops at the first. Returns the number of matches.
     * Thread-safe: borrows an idle evaluator from a small pool (a new one when all are busy).
     */
    public int evaluate(EventContext ctx, MatchListener listener, boolean firstOnly) {
        Evaluator e = pool.borrow();
        try {
            return e.evaluate(ctx, listener, firstOnly);
        } finally {
            pool.giveBack(e);
        }
    }

    Sources.Str eventTypeName() {
        return eventTypeName;
    }
}
