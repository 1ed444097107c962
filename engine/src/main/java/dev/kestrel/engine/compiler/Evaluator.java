package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import java.util.List;

/**
 * Evaluates a {@link CompiledRuleset} on events, one at a time, with its own per-event scratch: each
 * field is extracted at most once per event and each shared sub-condition evaluated at most once.
 * Not thread-safe: use one per thread. Allocates nothing per event unless a rule matches (the listener
 * decides what a match costs).
 */
public final class Evaluator {
    private final CompiledRuleset ruleset;
    private final Frame frame;

    Evaluator(CompiledRuleset ruleset, Frame frame) {
        this.ruleset = ruleset;
        this.frame = frame;
    }

    /** The ruleset this evaluator runs. */
    public CompiledRuleset ruleset() {
        return ruleset;
    }

    /**
     * Evaluates the rules of the event's type bucket in load order, telling {@code listener} of each
     * match while {@code ctx} is current; with {@code firstOnly} stops at the first. Returns the number
     * of matches. Field-value events without an {@link Event} type are bucketed by their
     * {@code evt.type} value; without one every rule runs.
     */
    public int evaluate(EventContext ctx, MatchListener listener, boolean firstOnly) {
        Frame f = frame;
        f.begin(ctx);
        try {
            return run(candidates(f), ctx, listener, firstOnly);
        } finally {
            f.ctx = null;
        }
    }

    /** Like {@link #evaluate} but tries every rule, ignoring the event-type index (for tests). */
    int evaluateWithoutIndex(EventContext ctx, MatchListener listener, boolean firstOnly) {
        frame.begin(ctx);
        try {
            return run(ruleset.rules(), ctx, listener, firstOnly);
        } finally {
            frame.ctx = null;
        }
    }

    /** Whether {@code rule}'s condition holds for {@code ctx}, index not consulted. */
    public boolean matches(CompiledRule rule, EventContext ctx) {
        frame.begin(ctx);
        try {
            return rule.condition().test(frame);
        } finally {
            frame.ctx = null;
        }
    }

    private int run(List<CompiledRule> rules, EventContext ctx, MatchListener listener, boolean firstOnly) {
        Frame f = frame;
        int matches = 0;
        for (int i = 0, n = rules.size(); i < n; i++) {
            CompiledRule r = rules.get(i);
            if (r.condition().test(f)) {
                matches++;
                long seq = f.seq;
                listener.onMatch(r, ctx);
                if (f.seq != seq || f.ctx != ctx) {
                    f.begin(ctx); // the listener evaluated another event with this evaluator
                }
                if (firstOnly) {
                    break;
                }
            }
        }
        return matches;
    }

    private List<CompiledRule> candidates(Frame f) {
        Event event = f.ctx.event();
        EventType type = event == null ? null : event.type();
        if (type != null) {
            return ruleset.index().rulesFor(type);
        }
        Sources.Str name = ruleset.eventTypeName();
        String text = name == null ? null : name.get(f);
        if (text == null) {
            return ruleset.index().allRules();
        }
        EventType t = EventType.fromName(text);
        return t == null ? ruleset.index().rulesForOtherTypes() : ruleset.index().rulesFor(t);
    }
}
