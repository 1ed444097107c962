package dev.kestrel.engine.loader;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.ast.Expr;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A rule after loading: appends and overrides applied, lists substituted, exceptions folded in and
 * macros expanded, so {@code condition} is the complete AST the compiler evaluates (no MacroRef
 * left). {@code conditionText} is the text that was parsed (after list substitution and exceptions),
 * useful in messages. {@code order} is the rule's position in load order. {@code locator} maps
 * positions in the condition to the rules file (null when the rule did not come from a file); nodes
 * that came from a macro carry the position of the macro's name in the rule.
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
        int order,
        ConditionLocator locator) {

    public LoadedRule {
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        exceptionFields = List.copyOf(exceptionFields);
    }

    /** A rule with no map from condition positions to its file: problems are reported at its first line. */
    public LoadedRule(String name, String description, Expr condition, String conditionText, String output,
            Priority priority, SortedSet<String> tags, boolean enabled, String source, boolean warnEvttypes,
            boolean skipIfUnknownFilter, List<String> exceptionFields, String file, int line, int order) {
        this(name, description, condition, conditionText, output, priority, tags, enabled, source, warnEvttypes,
                skipIfUnknownFilter, exceptionFields, file, line, order, null);
    }
}
