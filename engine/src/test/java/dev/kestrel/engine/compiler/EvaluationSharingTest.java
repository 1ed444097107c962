package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.engine.index.TypeSetAnalysis;
import dev.kestrel.engine.loader.LoadedRule;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shared work is done once per event, and evaluating a non-matching event allocates nothing. */
class EvaluationSharingTest {

    /** The test binder, counting how often each accessor reads its field. */
    private static final class CountingBinder implements FieldBinder {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public FieldAccessor bind(FieldRef ref) throws FieldBindException {
            FieldAccessor.OfString inner = (FieldAccessor.OfString) TestFields.bind(ref);
            return new FieldAccessor.OfString() {
                public FieldRef field() {
                    return ref;
                }

                public String get(EventContext ctx) {
                    reads.incrementAndGet();
                    return inner.get(ctx);
                }
            };
        }
    }

    @Test
    void aFieldReadByManyRulesIsExtractedOncePerEvent() throws Exception {
        CountingBinder binder = new CountingBinder();
        RuleCompiler compiler = new RuleCompiler(FieldResolver.of(TestFields.catalogue()), binder,
                TypeSetAnalysis.FALCO);
        List<LoadedRule> rules = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rules.add(TestRules.rule("r" + i, "t.str startswith /usr and t.str endswith x" + i, i));
        }
        CompiledRuleset rs = compiler.compile(rules);
        Evaluator e = rs.newEvaluator();
        int before = binder.reads.get();
        assertThat(e.evaluate(new MapEvent(Map.of("t.str", "/usr/x3", "evt.type", "open")), (r, c) -> { }, false))
                .isEqualTo(1);
        // one read of t.str and one of evt.type (to find the bucket), however many rules read them
        assertThat(binder.reads.get() - before).isEqualTo(2);
        e.evaluate(new MapEvent(Map.of("t.str", "/usr/x4", "evt.type", "open")), (r, c) -> { }, false);
        assertThat(binder.reads.get() - before).isEqualTo(4);
    }

    @Test
    void aMacroSharedByManyRulesIsEvaluatedOncePerEvent() throws Exception {
        CountingBinder binder = new CountingBinder();
        RuleCompiler compiler = new RuleCompiler(FieldResolver.of(TestFields.catalogue()), binder,
                TypeSetAnalysis.FALCO);
        String macro = "(evt.type in (execve, execveat) and t.str glob '/usr/*')";
        List<LoadedRule> rules = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rules.add(TestRules.rule("r" + i, macro + " and t.str2 = v" + i, i));
        }
        CompiledRuleset rs = compiler.compile(rules);
        Evaluator e = rs.newEvaluator();
        int before = binder.reads.get();
        e.evaluate(new MapEvent(Map.of("t.str", "/usr/bin/sh", "t.str2", "v3", "evt.type", "execve")), (r, c) -> { },
                false);
        // evt.type, t.str, t.str2: each read once although five rules test them
        assertThat(binder.reads.get() - before).isEqualTo(3);
    }

    @Test
    void evaluatingWithoutAMatchAllocatesNothing() throws Exception {
        List<LoadedRule> rules = new ArrayList<>();
        String[] conditions = {
            "t.str in (a, b, c) and t.i64 > 5", "t.str glob '/usr/*/x' or t.str pmatch (/etc, /opt/*/bin)",
            "not t.str startswith /usr and t.str icontains BASH",
            "t.u8 in (1, 2, 3) and t.bool = true", "t.str = val(t.str2)",
            "(t.str startswith /usr and t.i64 < 0) or t.i64 = 7", "(t.str startswith /usr and t.i64 < 0) and t.u8 = 1"};
        for (int i = 0; i < conditions.length; i++) {
            rules.add(TestRules.rule("r" + i, conditions[i], i));
        }
        CompiledRuleset rs = TestFields.compiler().compile(rules);
        Evaluator e = rs.newEvaluator();
        MapEvent ev = new MapEvent(Map.of("t.str", "/usr/bin/bash", "t.str2", "zz", "t.i64", 1L, "t.u8", 9L,
                "t.bool", true));
        MatchListener none = (r, c) -> {
            throw new AssertionError("no rule should match");
        };
        long allocated = allocatedFor10000(e, ev, none);
        assertThat(allocated).as("bytes allocated for 10,000 events").isLessThan(10_000L);
    }

    /**
     * A regex runs through re2j, whose matcher takes a small input view per match: the cost is bounded
     * (not zero), and it is paid only by rules that use {@code regex} (the official ruleset has none).
     */
    @Test
    void aRegexCheckAllocatesABoundedAmountPerEvent() throws Exception {
        CompiledRuleset rs = TestFields.compiler().compile(List.of(TestRules.rule("r", "t.str regex 'x.*y'", 0)));
        Evaluator e = rs.newEvaluator();
        MapEvent ev = new MapEvent(Map.of("t.str", "/usr/bin/bash"));
        MatchListener none = (r, c) -> {
            throw new AssertionError("no rule should match");
        };
        long allocated = allocatedFor10000(e, ev, none);
        assertThat(allocated).as("bytes allocated for 10,000 regex evaluations").isLessThan(128L * 10_000);
    }

    /** Bytes the current thread allocates evaluating {@code ev} 10,000 times, after a warm-up. */
    private static long allocatedFor10000(Evaluator e, MapEvent ev, MatchListener listener) {
        for (int i = 0; i < 20_000; i++) {
            e.evaluate(ev, listener, false);
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            e.evaluate(ev, listener, false);
        }
        return mx.getCurrentThreadAllocatedBytes() - before;
    }
}
