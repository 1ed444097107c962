package dev.kestrel.bench;

import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.bench.baseline.MvelRow;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole path of an event: applied to the process/fd state, then the rules (official plus custom)
 * evaluated with Falco's default of stopping at the first match. The generated stream is replayed
 * in a loop (every process it starts exits, every fd it opens is closed). {@code stateOnly} times the
 * state update alone; {@code mvel} the same pipeline with the MVEL baseline in place of Kestrel's
 * compiled rules; {@code facade} goes through the public {@link Kestrel#process} (its lock, counters
 * and alert composition for the few events that match). Scores are per event.
 *
 * <pre>java -jar bench/target/benchmarks.jar PipelineBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchStreams.BATCH)
public class PipelineBenchmark {
    private static final MatchListener IGNORE = (rule, ctx) -> { };

    private Event[] body;
    private SystemState state;
    private Evaluator evaluator;
    private MvelBaseline mvel;
    private MvelRow row;
    private int[][] buckets;
    private Kestrel kestrel;
    private int cursor;

    @Setup
    public void prepare() {
        KestrelBuilder builder = Kestrel.builder();
        for (RulesSource source : BenchRules.officialAndUser()) {
            builder.rulesText(source.name(), source.content());
        }
        kestrel = builder.build();
        BenchSetup setup = new BenchSetup();
        CompiledRuleset ruleset = setup.compile(setup.load(BenchRules.officialAndUser()));
        evaluator = ruleset.newEvaluator();
        mvel = setup.mvel(ruleset);
        row = mvel.newRow();
        buckets = BenchSetup.mvelBuckets(ruleset, mvel);
        GeneratedStream stream = BenchStreams.stream();
        state = BenchSetup.stateFor(stream);
        body = StreamEvents.body(stream);
        for (Event e : StreamEvents.setup(stream)) {
            kestrel.process(e);
        }
    }

    @TearDown
    public void close() {
        kestrel.close();
    }

    private Event next() {
        Event e = body[cursor];
        if (++cursor == body.length) {
            cursor = 0;
        }
        return e;
    }

    @Benchmark
    public int kestrel() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            matches += evaluator.evaluate(state.apply(next()), IGNORE, true);
        }
        return matches;
    }

    @Benchmark
    public void facade() {
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            kestrel.process(next());
        }
    }

    @Benchmark
    public long stateOnly() {
        long sum = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            sum += state.apply(next()).eventNum();
        }
        return sum;
    }

    @Benchmark
    public int mvel() {
        int matches = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            StateContext c = state.apply(next());
            matches += mvel.evaluate(row, c, buckets[c.event().type().ordinal()]);
        }
        return matches;
    }
}
