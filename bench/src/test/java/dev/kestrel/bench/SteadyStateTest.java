package dev.kestrel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.fields.state.SystemState;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The steady part of the benchmark stream: what it holds, and that Kestrel.process allocates nothing on it. */
class SteadyStateTest {

    private static final Set<EventType> QUIET = EnumSet.of(EventType.READ, EventType.WRITE, EventType.MMAP,
            EventType.MPROTECT, EventType.SENDTO, EventType.RECVFROM);

    @Test
    void steadyEventsAreQuietEventsOnKnownDescriptorsAndAllocateNothing() {
        GeneratedStream stream = BenchStreams.stream();
        Event[] body = StreamEvents.body(stream);
        Event[] steady = PipelineBenchmark.steadyEvents(body, BenchSetup.stateFor(stream));
        assertThat(steady.length).isGreaterThan(body.length / 10);
        assertThat(steady).allMatch(e -> QUIET.contains(e.type()));
        try (Kestrel kestrel = BenchRules.engine()) {
            for (Event e : StreamEvents.setup(stream)) {
                kestrel.process(e);
            }
            long allocated = allocatedOnceWarm(() -> {
                for (Event e : steady) {
                    kestrel.process(e);
                }
            });
            assertThat(allocated).as("bytes allocated by one pass of %d steady events", steady.length).isZero();
            assertThat(kestrel.counters().alerts()).isZero();
        }
    }

    @Test
    void theStateAloneAllocatesNothingOnTheSteadyEvents() {
        GeneratedStream stream = BenchStreams.stream();
        Event[] steady = PipelineBenchmark.steadyEvents(StreamEvents.body(stream), BenchSetup.stateFor(stream));
        SystemState state = BenchSetup.stateFor(stream);
        long allocated = allocatedOnceWarm(() -> {
            for (Event e : steady) {
                state.apply(e);
            }
        });
        assertThat(allocated).as("bytes allocated by one pass of %d steady events", steady.length).isZero();
    }

    /**
     * The bytes this thread allocates in one run of {@code pass} once warm: the interpreter and the
     * JIT allocate while code warms up, so up to 30 runs are tried and the first that allocates
     * nothing ends the search (the last run's figure is returned otherwise).
     */
    private static long allocatedOnceWarm(Runnable pass) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 30 && allocated > 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            pass.run();
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }
}
