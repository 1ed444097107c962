package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.fields.state.SystemState;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Events per second of the benchmark thread's own CPU time ({@code BenchTool cpu [SECONDS]}), for a
 * machine shared with other work: JMH's wall-clock scores fall with the load, the CPU time a thread
 * spends per event much less (caches and the other hyper-thread still interfere). Each measurement
 * warms up for {@code SECONDS} of the thread's CPU time, then counts events over the next
 * {@code SECONDS} of CPU time. A diagnostic next to JMH, not a replacement.
 */
final class CpuThroughput {

    private CpuThroughput() {
    }

    static void print(int seconds, PrintStream out) throws IOException {
        GeneratedStream stream = BenchStreams.stream();
        Event[] body = StreamEvents.body(stream);
        Event[] steady = PipelineBenchmark.steadyEvents(body, BenchSetup.stateFor(stream));
        Path file = Files.createTempFile("kestrel-cpu-bench", ".jsonl");
        try (Kestrel kestrel = BenchRules.engine()) {
            for (Event e : StreamEvents.setup(stream)) {
                kestrel.process(e);
            }
            ReplayBenchmark.writeLines(file, ReplayBenchmark.LINES);
            out.printf("%-52s %14s %12s%n", "measurement (thread CPU time)", "events/CPU-s", "CPU ns/event");
            row(out, "Kestrel.process, bench mix", seconds, () -> {
                for (Event e : body) {
                    kestrel.process(e);
                }
                return body.length;
            });
            row(out, "Kestrel.process, steady state (known fds)", seconds, () -> {
                for (Event e : steady) {
                    kestrel.process(e);
                }
                return steady.length;
            });
            SystemState state = BenchSetup.stateFor(stream);
            BenchSetup setup = new BenchSetup();
            Evaluator evaluator = setup.compile(setup.load(BenchRules.officialAndUser())).newEvaluator();
            MatchListener ignore = (rule, ctx) -> { };
            row(out, "state update + evaluation (no facade), bench mix", seconds, () -> {
                for (Event e : body) {
                    evaluator.evaluate(state.apply(e), ignore, true);
                }
                return body.length;
            });
            row(out, "state update only, bench mix", seconds, () -> {
                for (Event e : body) {
                    state.apply(e);
                }
                return body.length;
            });
            row(out, "state update only, steady state", seconds, () -> {
                for (Event e : steady) {
                    state.apply(e);
                }
                return steady.length;
            });
            EventJsonReader.Handler toKestrel = handler(kestrel);
            row(out, "replay a JSONL file: read+decode+process", seconds, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    return new EventJsonReader().read(in, toKestrel).lines();
                }
            });
            EventJsonReader.Handler toNothing = handler(null);
            row(out, "read and decode a JSONL file only", seconds, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    return new EventJsonReader().read(in, toNothing).lines();
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }


    private static EventJsonReader.Handler handler(Kestrel kestrel) {
        return new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                if (kestrel != null) {
                    kestrel.process(event);
                }
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
            }
        };
    }

    /** One unit of work; returns how many events it handled. */
    private interface Work {
        long run() throws IOException;
    }

    private static void row(PrintStream out, String label, int seconds, Work work) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long window = seconds * 1_000_000_000L;
        // Warm-up and measurement are both counted in CPU time: on a loaded machine a wall-clock
        // warm-up gives the JIT a fraction of the time it needs.
        long warmFrom = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - warmFrom < window) {
            work.run();
        }
        long events = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - cpuStart < window) {
            events += work.run();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        out.printf("%-52s %14.0f %12.1f%n", label, events * 1e9 / cpu, (double) cpu / events);
    }
}
