package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** How long generating the benchmark stream takes: a sanity check of the harness itself. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamGenerationBenchmark {

    @Benchmark
    public GeneratedStream generate() {
        return StreamGenerator.of(BenchStreams.SEED, 10_000);
    }
}
