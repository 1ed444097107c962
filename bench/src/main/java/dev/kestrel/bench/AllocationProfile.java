package dev.kestrel.bench;

import com.sun.management.ThreadMXBean;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.fields.state.SystemState;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes allocated per event by event type, for the state update alone and for {@code Kestrel.process},
 * after a warm-up: where the JMH figure of bytes per event comes from ({@code BenchTool alloc}).
 * Measured with the thread's allocation counter around each event, so it is a diagnostic, not a timing.
 */
final class AllocationProfile {

    private AllocationProfile() {
    }

    static void print(int loops, PrintStream out) {
        GeneratedStream stream = BenchStreams.stream();
        Event[] body = StreamEvents.body(stream);
        SystemState state = BenchSetup.stateFor(stream);
        try (Kestrel kestrel = BenchRules.engine()) {
            for (Event e : StreamEvents.setup(stream)) {
                kestrel.process(e);
            }
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] stateBytes = new long[EventType.values().length];
            long[] processBytes = new long[EventType.values().length];
            long[] counts = new long[EventType.values().length];
            for (int loop = 0; loop < loops; loop++) {
                boolean measure = loop >= loops / 2;
                for (Event e : body) {
                    long a = threads.getCurrentThreadAllocatedBytes();
                    state.apply(e);
                    long b = threads.getCurrentThreadAllocatedBytes();
                    kestrel.process(e);
                    long c = threads.getCurrentThreadAllocatedBytes();
                    if (measure) {
                        int t = e.type().ordinal();
                        stateBytes[t] += b - a;
                        processBytes[t] += c - b;
                        counts[t]++;
                    }
                }
            }
            long calibration = threads.getCurrentThreadAllocatedBytes() - threads.getCurrentThreadAllocatedBytes();
            Map<String, String> rows = new TreeMap<>();
            long totalState = 0;
            long totalProcess = 0;
            long total = 0;
            for (EventType t : EventType.values()) {
                int i = t.ordinal();
                if (counts[i] == 0) {
                    continue;
                }
                totalState += stateBytes[i];
                totalProcess += processBytes[i];
                total += counts[i];
                rows.put(t.name().toLowerCase(Locale.ROOT), String.format("%10d %14.1f %18.1f", counts[i],
                        (double) stateBytes[i] / counts[i], (double) processBytes[i] / counts[i]));
            }
            out.printf("%-14s %10s %14s %18s%n", "event type", "events", "state B/event", "process B/event");
            rows.forEach((k, v) -> out.printf("%-14s %s%n", k, v));
            out.printf("%-14s %10d %14.1f %18.1f%n", "all", total, (double) totalState / total, (double) totalProcess / total);
            out.printf("(counter overhead per reading: %d bytes)%n", -calibration);
        }
    }
}
