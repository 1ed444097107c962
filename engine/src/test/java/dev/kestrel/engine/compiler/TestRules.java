package dev.kestrel.engine.compiler;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.engine.loader.LoadedRule;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds {@link LoadedRule}s from condition text for compiler tests. */
final class TestRules {
    private TestRules() {
    }

    static LoadedRule rule(String name, String condition, int order) {
        return rule(name, ConditionParser.parse(condition), condition, order);
    }

    static LoadedRule rule(String name, Expr condition, String text, int order) {
        return new LoadedRule(name, "test rule", condition, text, "out", Priority.WARNING, new TreeSet<>(),
                true, "syscall", true, false, List.of(), "test.yaml", order + 1, order);
    }

    /** Compiles one condition against the test fields and evaluates it on {@code values}. */
    static boolean eval(String condition, Map<String, Object> values) throws RuleCompileException {
        CompiledRuleset rs = TestFields.compiler().compile(List.of(rule("r", condition, 0)));
        return rs.newEvaluator().matches(rs.rules().get(0), new MapEvent(values));
    }
}
