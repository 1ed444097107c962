package dev.kestrel.bench;

import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Turning rules files into a runnable ruleset, warm (the JVM has done it before): Falco's official
 * file alone loaded and compiled, loading alone, compiling alone, and the same conditions compiled
 * with MVEL for comparison.
 *
 * <pre>java -jar bench/target/benchmarks.jar CompileBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBenchmark {
    private BenchSetup setup;
    private List<RulesSource> official;
    private LoadResult loaded;
    private CompiledRuleset ruleset;

    @Setup
    public void prepare() {
        setup = new BenchSetup();
        official = List.of(BenchRules.falco());
        loaded = setup.load(official);
        ruleset = setup.compile(loaded);
    }

    @Benchmark
    public CompiledRuleset loadAndCompile() {
        return setup.compile(setup.load(official));
    }

    @Benchmark
    public LoadResult load() {
        return setup.load(official);
    }

    @Benchmark
    public CompiledRuleset compile() {
        return setup.compile(loaded);
    }

    @Benchmark
    public MvelBaseline mvelCompile() {
        return setup.mvel(ruleset);
    }
}
