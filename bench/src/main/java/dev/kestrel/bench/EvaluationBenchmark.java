package dev.kestrel.bench;

import dev.kestrel.bench.baseline.AstInterpreter;
import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.bench.baseline.MvelRow;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.fields.state.StateContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rule evaluation alone: Falco's official rules plus the deployment's four custom rules, on contexts
 * prepared by applying the generated stream to the state once, so only evaluation is timed. Kestrel's
 * compiled ruleset against the baselines on the same contexts and the same field accessors: MVEL with
 * Kestrel's event-type index, MVEL trying every rule, and a plain AST interpreter. Every rule that
 * can match is evaluated (no stop at the first match), for all of them alike. Scores are per event.
 *
 * <pre>java -jar bench/target/benchmarks.jar EvaluationBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchStreams.BATCH)
public class EvaluationBenchmark {
    private static final MatchListener IGNORE = (rule, ctx) -> { };

    private StateContext[] contexts;
    private Evaluator evaluator;
    private MvelBaseline mvel;
    private MvelRow row;
    private int[][] buckets;
    private AstInterpreter interpreter;
    private int cursor;

    @Setup
    public void prepare() {
        BenchSetup setup = new BenchSetup();
        CompiledRuleset ruleset = setup.compile(setup.load(BenchRules.officialAndUser()));
        evaluator = ruleset.newEvaluator();
        mvel = setup.mvel(ruleset);
        row = mvel.newRow();
        buckets = BenchSetup.mvelBuckets(ruleset, mvel);
        interpreter = setup.interpreter(ruleset);
        GeneratedStream stream = BenchStreams.stream();
        contexts = BenchSetup.frozenContexts(BenchSetup.stateFor(stream), StreamEvents.body(stream));
    }

    private StateContext next() {
        StateContext c = contexts[cursor];
        if (++cursor == contexts.length) {
            cursor = 0;
        }
        return c;
    }

    @Benchmark
    public int kestrel() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            matches += evaluator.evaluate(next(), IGNORE, false);
        }
        return matches;
    }

    @Benchmark
    public int mvelIndexed() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            StateContext c = next();
            matches += mvel.evaluate(row, c, buckets[c.event().type().ordinal()]);
        }
        return matches;
    }

    @Benchmark
    public int mvel() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            matches += mvel.evaluateAll(row, next());
        }
        return matches;
    }

    @Benchmark
    public int interpreted() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            matches += interpreter.evaluateAll(next());
        }
        return matches;
    }
}
