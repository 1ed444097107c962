package dev.kestrel.bench;

import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.bench.baseline.MvelRow;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import dev.kestrel.fields.state.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
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
 * and alert composition for the few events that match). {@code steadyFacade} and {@code steadyState} replay
 * only the steady part of the stream: reads, writes, mmaps and sends or receives on descriptors the
 * state already knows (long-lived log files and connected sockets) by known processes, where no rule
 * matches; they show what the state and the facade cost when nothing new happens. Scores are per event.
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
    private Event[] steady;
    private int steadyCursor;
    private SystemState state;
    private Evaluator evaluator;
    private MvelBaseline mvel;
    private MvelRow row;
    private int[][] buckets;
    private Kestrel kestrel;
    private int cursor;

    @Setup
    public void prepare() {
        kestrel = BenchRules.engine();
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
        steady = steadyEvents(body, BenchSetup.stateFor(stream));
    }

    /** The events of {@code body} that use a descriptor {@code state} (after the setup) already knows and change nothing. */
    static Event[] steadyEvents(Event[] body, SystemState state) {
        List<Event> out = new ArrayList<>();
        for (Event e : body) {
            EventType t = e.type();
            boolean quiet = t == EventType.READ || t == EventType.WRITE || t == EventType.MMAP || t == EventType.MPROTECT
                    || t == EventType.SENDTO || t == EventType.RECVFROM;
            ThreadInfo thread = state.threads().thread(e.tid());
            if (!quiet || thread == null) {
                continue;
            }
            int slot = t.slotIfPresent("fd");
            long fd = e.number(slot, -1);
            FdInfo info = fd < 0 ? null : thread.process().fds().get(fd);
            boolean sends = t == EventType.SENDTO || t == EventType.RECVFROM;
            if (fd < 0 ? !sends : info != null && (!sends || info.connected())) {
                out.add(e);
            }
        }
        return out.toArray(new Event[0]);
    }

    private Event nextSteady() {
        Event e = steady[steadyCursor];
        if (++steadyCursor == steady.length) {
            steadyCursor = 0;
        }
        return e;
    }

    @Benchmark
    public void steadyFacade() {
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            kestrel.process(nextSteady());
        }
    }

    @Benchmark
    public long steadyState() {
        long sum = 0;
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            sum += state.apply(nextSteady()).eventNum();
        }
        return sum;
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
