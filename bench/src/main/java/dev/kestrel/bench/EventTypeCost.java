package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.fields.state.SystemState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Where the time of the bench mix goes, by event type ({@code BenchTool types [PASSES]}): every event
 * of the body is timed alone in each of PASSES warm passes, through {@code Kestrel.process} and
 * through the state update alone, and the median of its passes is kept, so an event the scheduler
 * interrupted does not count. Medians include one clock read (printed), which is subtracted in the
 * share column. A diagnostic for a shared machine; JMH gives the figures to quote. Run once.
 */
final class EventTypeCost {

    private EventTypeCost() {
    }

    static void print(int passes, PrintStream out) {
        GeneratedStream stream = BenchStreams.stream();
        Event[] body = StreamEvents.body(stream);
        long clock = clockCost();
        out.printf("clock read: %d ns (subtracted in the ns/event-of-mix columns)%n", clock);
        try (Kestrel kestrel = BenchRules.engine()) {
            for (Event e : StreamEvents.setup(stream)) {
                kestrel.process(e);
            }
            SystemState state = BenchSetup.stateFor(stream);
            Map<String, long[]> process = medians(body, passes, kestrel::process);
            Map<String, long[]> stateOnly = medians(body, passes, state::apply);
            out.printf("%-18s %6s %18s %16s %20s %18s%n", "event type", "events", "process median ns",
                    "state median ns", "process ns/ev-of-mix", "state ns/ev-of-mix");
            double totalProcess = 0;
            double totalState = 0;
            for (Map.Entry<String, long[]> row : process.entrySet()) {
                long[] p = row.getValue();
                long[] s = stateOnly.get(row.getKey());
                double shareP = Math.max(0, p[1] - p[0] * clock) / (double) body.length;
                double shareS = Math.max(0, s[1] - s[0] * clock) / (double) body.length;
                totalProcess += shareP;
                totalState += shareS;
                out.printf("%-18s %6d %18d %16d %20.1f %18.1f%n", row.getKey(), p[0], p[1] / p[0], s[1] / s[0], shareP, shareS);
            }
            out.printf("%-18s %6d %18s %16s %20.1f %18.1f%n", "all", body.length, "", "", totalProcess, totalState);
        }
    }

    /** By event type (and "(failed)" for a negative return value): {events, sum of per-event medians}. */
    private static Map<String, long[]> medians(Event[] body, int passes, Consumer<Event> work) {
        for (int warm = 0; warm < 300; warm++) {
            for (Event e : body) {
                work.accept(e);
            }
        }
        long[][] times = new long[body.length][passes];
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < body.length; i++) {
                long start = System.nanoTime();
                work.accept(body[i]);
                times[i][p] = System.nanoTime() - start;
            }
        }
        Map<String, long[]> byType = new TreeMap<>();
        for (int i = 0; i < body.length; i++) {
            long[] t = times[i];
            Arrays.sort(t);
            String key = body[i].type().name().toLowerCase(Locale.ROOT) + (body[i].returnValue() < 0 ? " (failed)" : "");
            long[] acc = byType.computeIfAbsent(key, k -> new long[2]);
            acc[0]++;
            acc[1] += t[t.length / 2];
        }
        return byType;
    }

    /** The median cost of one System.nanoTime() read, in ns. */
    private static long clockCost() {
        List<Long> samples = new ArrayList<>();
        for (int round = 0; round < 21; round++) {
            long start = System.nanoTime();
            long last = start;
            for (int i = 0; i < 10_000; i++) {
                last = System.nanoTime();
            }
            samples.add((last - start) / 10_000);
        }
        samples.sort(null);
        return samples.get(samples.size() / 2);
    }
}
