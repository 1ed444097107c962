package dev.kestrel.engine.loader;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.ast.Expr;
import java.util.List;
import java.util.SortedSet;

/**
 * A rule after loading: appends and overrides applied, lists substituted, exceptions folded in and
 * macros expanded, so {@code condition} is the complete AST the compiler evaluates (no MacroRef
 * left). {@code conditionText} is the text that was parsed (after list substitution and exceptions),
 * useful in messages. {@code order} is the rule's position in load order.
 */
public record LoadedRule(
        String name,
        String description,
        Expr condition,
        String conditionText,
        String output,
        Priority priority,
        SortedSet<String> tags,
        boolean enabled,
        String source,
        boolean warnEvttypes,
        boolean skipIfUnknownFilter,
        List<String> exceptionFields,
        String file,
        int line,
        int order) {

    public LoadedRule {
        tags = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tags));
        exceptionFields = List.copyOf(exceptionFields);
    }
}
