package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.LoadedRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Evaluation through the ruleset: load order, first match, buckets, listener re-entry, threads. */
class CompiledRulesetTest {

    private static CompiledRuleset ruleset(String... conditions) throws RuleCompileException {
        List<LoadedRule> rules = new ArrayList<>();
        for (int i = 0; i < conditions.length; i++) {
            rules.add(TestRules.rule("r" + i, conditions[i], i));
        }
        return TestFields.compiler().compile(rules);
    }

    private static List<String> fired(CompiledRuleset rs, MapEvent ev, boolean firstOnly) {
        List<String> names = new ArrayList<>();
        int n = rs.evaluate(ev, (r, c) -> names.add(r.definition().name()), firstOnly);
        assertThat(n).isEqualTo(names.size());
        return names;
    }

    private static MapEvent syscall(EventType type, Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        v.put("evt.type", type.falcoName());
        return new MapEvent(v, new Event().reset(type, 1, 1, 1, 0));
    }

    @Test
    void rulesFireInLoadOrderAndFirstOnlyStopsAtTheFirst() throws Exception {
        CompiledRuleset rs = ruleset("t.str = a", "t.str exists", "evt.type = open and t.str = a", "t.str = b");
        MapEvent ev = syscall(EventType.OPEN, Map.of("t.str", "a"));
        assertThat(fired(rs, ev, false)).containsExactly("r0", "r1", "r2");
        assertThat(fired(rs, ev, true)).containsExactly("r0");
        assertThat(fired(rs, syscall(EventType.EXECVE, Map.of("t.str", "a")), false)).containsExactly("r0", "r1");
    }

    @Test
    void fieldValueEventsAreBucketedByTheirEvtTypeValue() throws Exception {
        CompiledRuleset rs = ruleset("evt.type = open", "evt.type = pipe", "not evt.type = open",
                "not evt.type != open");
        assertThat(fired(rs, new MapEvent(Map.of("evt.type", "open")), false)).containsExactly("r0", "r3");
        assertThat(fired(rs, new MapEvent(Map.of("evt.type", "pipe")), false)).containsExactly("r1", "r2");
        // a type Kestrel has no constant for runs the rules that can match any other type
        assertThat(fired(rs, new MapEvent(Map.of("evt.type", "no_such_event")), false)).containsExactly("r2");
        // no evt.type at all: every rule is tried; only the negated checks hold
        assertThat(fired(rs, new MapEvent(Map.of()), false)).containsExactly("r2", "r3");
    }

    @Test
    void aListenerMayEvaluateAnotherEventWithoutDisturbingTheCurrentOne() throws Exception {
        CompiledRuleset rs = ruleset("t.str = a", "t.str = a and t.i64 = 1", "t.str = b");
        Evaluator e = rs.newEvaluator();
        MapEvent other = new MapEvent(Map.of("t.str", "b"));
        List<String> names = new ArrayList<>();
        e.evaluate(new MapEvent(Map.of("t.str", "a", "t.i64", 1L)), (r, c) -> {
            names.add(r.definition().name());
            e.evaluate(other, (r2, c2) -> names.add("inner " + r2.definition().name()), false);
        }, false);
        assertThat(names).containsExactly("r0", "inner r2", "r1", "inner r2");
    }

    @Test
    void theRulesetCanBeSharedByThreads() throws Exception {
        CompiledRuleset rs = ruleset("t.i64 > 10 and t.str startswith /usr", "t.i64 <= 10", "t.str in (x, /usr/a)");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (long i = 0; i < 5_000; i++) {
                        MapEvent ev = new MapEvent(Map.of("t.i64", i % 20, "t.str", i % 2 == 0 ? "/usr/a" : "/x"));
                        List<String> expected = new ArrayList<>();
                        if (i % 20 > 10 && i % 2 == 0) {
                            expected.add("r0");
                        }
                        if (i % 20 <= 10) {
                            expected.add("r1");
                        }
                        if (i % 2 == 0) {
                            expected.add("r2");
                        }
                        if (!fired(rs, ev, false).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
