package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.LoadedRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The compiled engine against the plain {@link ReferenceEvaluator} on generated conditions and events
 * (sharing across rules and caching across events included), and the event-type index against trying
 * every rule.
 */
class CompilerProperties {

    /** Rules built from generated conditions, plus rules reusing them so sub-conditions are shared. */
    private static List<Expr> conditions(ConditionGenerator g, Random r) {
        List<Expr> base = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            base.add(g.expr(3));
        }
        List<Expr> all = new ArrayList<>(base);
        if (base.size() >= 2) {
            all.add(new Expr.Or(List.of(base.get(0), new Expr.Not(base.get(1), Position.NONE)), Position.NONE));
            all.add(new Expr.And(List.of(base.get(1), base.get(0)), Position.NONE));
        }
        return all;
    }

    private static List<LoadedRule> rules(List<Expr> conditions) {
        List<LoadedRule> rules = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            rules.add(TestRules.rule("r" + i, conditions.get(i), conditions.get(i).toString(), i));
        }
        return rules;
    }

    private static List<String> fired(Evaluator e, MapEvent ev, boolean indexed, boolean firstOnly) {
        List<String> names = new ArrayList<>();
        MatchListener l = (rule, ctx) -> names.add(rule.definition().name());
        if (indexed) {
            e.evaluate(ev, l, firstOnly);
        } else {
            e.evaluateWithoutIndex(ev, l, firstOnly);
        }
        return names;
    }

    @Property(tries = 300)
    void compiledEngineAgreesWithTheReference(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        ConditionGenerator g = new ConditionGenerator(r, false);
        List<Expr> conditions = conditions(g, r);
        CompiledRuleset rs = TestFields.compiler().compile(rules(conditions));
        Evaluator evaluator = rs.newEvaluator();
        ReferenceEvaluator ref = new ReferenceEvaluator();
        for (int k = 0; k < 4; k++) {
            Map<String, Object> values = g.event();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < conditions.size(); i++) {
                if (ref.eval(conditions.get(i), values)) {
                    expected.add("r" + i);
                }
            }
            assertThat(fired(evaluator, new MapEvent(values), false, false))
                    .as("conditions %s on %s", conditions, values).isEqualTo(expected);
            Statistics.label("rules firing").collect(expected.isEmpty() ? "none" : "some");
        }
        // The generator must give both outcomes often: a law checked only on events that fire nothing proves little.
        Statistics.label("rules firing").coverage(c -> {
            c.check("none").percentage(p -> p > 5);
            c.check("some").percentage(p -> p > 5);
        });
    }

    @Property(tries = 300)
    void theIndexNeverChangesWhichRulesFire(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        ConditionGenerator g = new ConditionGenerator(r, true);
        CompiledRuleset rs = TestFields.compiler().compile(rules(conditions(g, r)));
        Evaluator evaluator = rs.newEvaluator();
        EventType[] known = {EventType.OPEN, EventType.EXECVE, EventType.CLOSE, EventType.CONNECT, EventType.CLONE};
        for (int k = 0; k < 4; k++) {
            Map<String, Object> values = g.event();
            Event event = null;
            if (r.nextBoolean()) {
                EventType t = known[r.nextInt(known.length)];
                values.put("evt.type", t.falcoName());
                event = new Event().reset(t, 1, 1, 1, 0);
            }
            MapEvent ev = new MapEvent(values, event);
            boolean firstOnly = r.nextBoolean();
            List<String> all = fired(evaluator, ev, false, firstOnly);
            assertThat(fired(evaluator, ev, true, firstOnly)).as("event %s", values).isEqualTo(all);
            Statistics.label("typed event, rules fired").collect(event != null, !all.isEmpty());
        }
        Statistics.label("typed event, rules fired").coverage(c -> {
            c.check(true, true).count(n -> n > 0);
            c.check(true, false).count(n -> n > 0);
        });
    }
}
