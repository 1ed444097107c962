package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;

/** Computes the event types a resolved condition can match; the seam the rule index is built with. */
@FunctionalInterface
public interface TypeSetAnalysis {

    /** Falco's analysis ({@link EventTypeAnalysis}), the one the loader also warns with. */
    TypeSetAnalysis FALCO = condition -> EventTypeSet.of(EventTypeAnalysis.eventTypes(condition));

    EventTypeSet typesOf(Expr condition);
}
