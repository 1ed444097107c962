package dev.kestrel.bench;

import dev.kestrel.bench.rules.RulesetVariants;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluation cost as the ruleset grows: Falco's official rules, then 2, 5 and 10 times as many
 * (each rule copied under a new name with its own literal, see {@link RulesetVariants}). The copies
 * keep their originals' event types, so the rules tried per event grow with the copies; what the
 * index buys is that rules of other event types cost nothing. Scores are per event; the setup prints
 * the ruleset size and the mean number of rules tried per event.
 *
 * <pre>java -jar bench/target/benchmarks.jar ScalingBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchStreams.BATCH)
public class ScalingBenchmark {
    private static final MatchListener IGNORE = (rule, ctx) -> { };

    @Param({"1", "2", "5", "10"})
    public int copies;

    private StateContext[] contexts;
    private Evaluator evaluator;
    private int cursor;

    @Setup
    public void prepare() {
        BenchSetup setup = new BenchSetup();
        RulesSource falco = BenchRules.falco();
        RulesSource variant = new RulesSource(falco.name(), RulesetVariants.multiply(falco.content(), copies));
        CompiledRuleset ruleset = setup.compile(setup.load(List.of(variant)));
        evaluator = ruleset.newEvaluator();
        GeneratedStream stream = BenchStreams.stream();
        contexts = BenchSetup.frozenContexts(BenchSetup.stateFor(stream), StreamEvents.body(stream));
        long tried = 0;
        for (StateContext c : contexts) {
            tried += ruleset.index().rulesFor(c.event().type()).size();
        }
        System.out.printf("scaling: %d rules, %.2f rules tried per event on the mix%n", ruleset.rules().size(),
                (double) tried / contexts.length);
    }

    @Benchmark
    public int kestrel() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            StateContext c = contexts[cursor];
            if (++cursor == contexts.length) {
                cursor = 0;
            }
            matches += evaluator.evaluate(c, IGNORE, false);
        }
        return matches;
    }
}
