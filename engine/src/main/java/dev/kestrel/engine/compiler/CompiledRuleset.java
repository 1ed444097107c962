package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.EventContext;
import java.util.List;

/**
 * Compiled rules indexed by event type. Immutable and safe to share between threads; per-event
 * scratch state lives in the caller's context.
 * TODO(engine issue): the index and evaluation.
 */
public final class CompiledRuleset {
    private final List<CompiledRule> rules;

    CompiledRuleset(List<CompiledRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules in load order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /**
     * Evaluates the rules that can match the event's type, in load order, telling {@code listener}
     * of each match; with {@code firstOnly} it stops at the first. Returns the number of matches.
     */
    public int evaluate(EventContext ctx, MatchListener listener, boolean firstOnly) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
