package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import java.util.HashMap;
import java.util.Map;

/** A test event: field values by field text (see {@link TestFields} for the value shapes). */
final class MapEvent implements EventContext {
    final Map<String, Object> values;
    private final Event event;

    MapEvent(Map<String, Object> values, Event event) {
        this.values = new HashMap<>(values);
        this.event = event;
    }

    MapEvent(Map<String, Object> values) {
        this(values, null);
    }

    @Override
    public Event event() {
        return event;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
