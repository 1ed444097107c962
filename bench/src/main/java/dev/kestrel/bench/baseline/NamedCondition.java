package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Expr;

/** A rule's name and its complete condition (macros and lists folded in). */
public record NamedCondition(String name, Expr condition) {
}
