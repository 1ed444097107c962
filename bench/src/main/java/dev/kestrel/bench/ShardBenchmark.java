package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.engine.runtime.Kestrel;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Using more cores for independent streams: one {@link Kestrel} per shard (here per benchmark
 * thread, each replaying its own copy of the stream, as two hosts would), so shards share no lock and
 * no state. {@code oneShard} runs one thread, {@code twoShards} two; the score is events per second
 * summed over the threads, so it grows with the second core when the machine has one free.
 *
 * <pre>java -jar bench/target/benchmarks.jar ShardBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchStreams.BATCH)
public class ShardBenchmark {

    private Event[] body;
    private Kestrel kestrel;
    private int cursor;

    @Setup
    public void prepare() {
        kestrel = BenchRules.engine();
        GeneratedStream stream = BenchStreams.stream();
        body = StreamEvents.body(stream);
        for (Event e : StreamEvents.setup(stream)) {
            kestrel.process(e);
        }
    }

    @TearDown
    public void close() {
        kestrel.close();
    }

    private void batch() {
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            kestrel.process(body[cursor]);
            if (++cursor == body.length) {
                cursor = 0;
            }
        }
    }

    @Benchmark
    @Threads(1)
    public void oneShard() {
        batch();
    }

    @Benchmark
    @Threads(2)
    public void twoShards() {
        batch();
    }
}
