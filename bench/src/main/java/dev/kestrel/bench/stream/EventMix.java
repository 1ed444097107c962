package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** How a stream's events divide among event types, for the documentation and the benchmarks' reports. */
public record EventMix(Map<EventType, Integer> counts, int total, int triggers) {

    public EventMix {
        counts = Map.copyOf(counts);
    }

    static EventMix of(Iterable<SyscallRecord> events, int triggers) {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        int total = 0;
        for (SyscallRecord r : events) {
            counts.merge(r.type(), 1, Integer::sum);
            total++;
        }
        return new EventMix(counts, total, triggers);
    }

    /** The percentage of events of {@code type}. */
    public double percent(EventType type) {
        return total == 0 ? 0 : 100.0 * counts.getOrDefault(type, 0) / total;
    }

    /** A Markdown table: type, count, percent, most frequent first, and the share of rule triggers. */
    public String table() {
        StringBuilder out = new StringBuilder("| event type | events | share |\n|---|---:|---:|\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<EventType, Integer>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %d | %.2f%% |%n",
                        e.getKey().falcoName(), e.getValue(), 100.0 * e.getValue() / total)));
        out.append(String.format(Locale.ROOT, "| (events generated to trip a rule) | %d | %.2f%% |%n",
                triggers, total == 0 ? 0 : 100.0 * triggers / total));
        return out.toString();
    }
}
