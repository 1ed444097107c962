package dev.kestrel.bench.stream;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated stream as Kestrel {@link Event}s, decoded from its JSON Lines form by Kestrel's own
 * reader so benchmarks see exactly what {@code kestrel replay} would. Each event is its own object,
 * so they can be prepared once and replayed many times.
 */
public final class StreamEvents {
    private StreamEvents() {
    }

    /** The records and events that set up state: users, containers, pods, snapshots and the prologue. */
    public static List<Event> setup(GeneratedStream stream) {
        EventJsonReader reader = new EventJsonReader();
        List<Event> events = new ArrayList<>();
        for (String line : StreamJsonLines.headerLines(stream)) {
            events.add(decode(reader, line));
        }
        for (SyscallRecord r : stream.prologue()) {
            events.add(decode(reader, StreamJsonLines.eventLine(r, 0)));
        }
        return events;
    }

    /** The body, one event object per record, in order. */
    public static Event[] body(GeneratedStream stream) {
        EventJsonReader reader = new EventJsonReader();
        Event[] events = new Event[stream.body().size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = decode(reader, StreamJsonLines.eventLine(stream.body().get(i), 0));
        }
        return events;
    }

    private static Event decode(EventJsonReader reader, String line) {
        Event event = new Event();
        EventJsonReader.Line parsed = reader.parse(line, event);
        if (!(parsed instanceof EventJsonReader.Line.Parsed)) {
            throw new IllegalStateException("the generator wrote a line Kestrel cannot read (" + parsed + "): " + line);
        }
        return event;
    }
}
