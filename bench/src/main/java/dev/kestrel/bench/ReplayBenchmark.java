package dev.kestrel.bench;

import dev.kestrel.bench.stream.StreamJsonLines;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.runtime.JsonLinesFeed;
import dev.kestrel.engine.runtime.Kestrel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * End to end from a file: the benchmark stream written as JSON Lines ({@value #LINES} lines: the
 * records, the prologue and the body repeated), read from disk (the page cache) by Kestrel's reader
 * and fed to {@link Kestrel#process} (state, rules and alerts to a counting sink), as
 * {@code kestrel replay} does. {@code decode} times the reading and decoding alone. Scores are per line.
 *
 * <pre>java -jar bench/target/benchmarks.jar ReplayBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReplayBenchmark.LINES)
public class ReplayBenchmark {
    /** Lines in the replayed file. */
    public static final int LINES = 100_000;

    private Path file;
    private Kestrel kestrel;
    private JsonLinesFeed toKestrel;
    private long sink;
    private final EventJsonReader.Handler toNothing = new EventJsonReader.Handler() {
        @Override
        public void event(Event event, long line) {
            sink += event.tid();
        }

        @Override
        public void fieldValues(Map<String, Object> fields, long line) {
        }
    };

    @Setup
    public void prepare() throws IOException {
        file = Files.createTempFile("kestrel-replay-bench", ".jsonl");
        writeLines(file, LINES);
        kestrel = BenchRules.engine();
        toKestrel = new JsonLinesFeed(kestrel);
    }

    /** Writes the first {@code lines} lines of the benchmark stream (its body repeated as needed) to {@code to}. */
    static void writeLines(Path to, int lines) throws IOException {
        int loops = lines / BenchStreams.BODY_EVENTS + 1;
        StringWriter all = new StringWriter();
        StreamJsonLines.write(BenchStreams.stream(), loops, all);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(to, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line : (Iterable<String>) all.toString().lines()::iterator) {
                if (n++ == lines) {
                    break;
                }
                out.write(line);
                out.write('\n');
            }
        }
    }

    @TearDown
    public void close() throws IOException {
        kestrel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long replay() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new EventJsonReader().read(in, toKestrel).events();
        }
    }

    @Benchmark
    public long decode() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new EventJsonReader().read(in, toNothing).events() + sink;
        }
    }
}
