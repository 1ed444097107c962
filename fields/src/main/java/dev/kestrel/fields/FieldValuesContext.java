package dev.kestrel.fields;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The context of a field-value test event {@code {"fields": {...}}}: each field's value as written
 * in the event, read by the accessors of {@link FieldValueBinder}. The event it exposes has the type
 * named by {@code evt.type} (null when absent or unknown) and the time of {@code evt.rawtime} (else
 * the clock's). Reusable: {@link #reset} it per event.
 */
public final class FieldValuesContext implements EventContext {

    private final Event event = new Event();
    private final LongSupplier clock;
    private Map<String, Object> values = Map.of();

    /** A context timing events without {@code evt.rawtime} by the wall clock. */
    public FieldValuesContext() {
        this(() -> System.currentTimeMillis() * 1_000_000L);
    }

    public FieldValuesContext(LongSupplier clockNanos) {
        this.clock = clockNanos;
    }

    /** Makes {@code fields} (field as written to value; null or absent: no value) the current event. */
    public FieldValuesContext reset(Map<String, Object> fields) {
        this.values = fields;
        Object type = fields.get("evt.type");
        EventType t = type instanceof String s ? EventType.fromName(s) : null;
        Object time = fields.get("evt.rawtime");
        long ts = time instanceof Long l ? l : clock.getAsLong();
        event.reset(t, ts, number(fields.get("thread.tid")), number(fields.get("proc.pid")), number(fields.get("evt.rawres")));
        return this;
    }

    private static long number(Object v) {
        return v instanceof Long l ? l : 0;
    }

    @Override
    public Event event() {
        return event;
    }

    /** The raw value given for {@code key} (a field as written), or null. */
    public Object value(String key) {
        return values.get(key);
    }

    /** Whether a value (possibly null) was given for {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Every value of the current event. */
    public Map<String, Object> values() {
        return values;
    }
}
