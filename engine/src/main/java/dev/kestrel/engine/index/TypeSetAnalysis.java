package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;

/** Computes the event types a resolved condition can match; the seam the rule index is built with. */
@FunctionalInterface
public interface TypeSetAnalysis {
    EventTypeSet typesOf(Expr condition);
}
