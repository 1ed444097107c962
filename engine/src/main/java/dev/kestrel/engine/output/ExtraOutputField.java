package dev.kestrel.engine.output;

import dev.kestrel.core.event.EventContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field Falco's {@code append_output.extra_fields} adds to an alert's {@code output_fields}: a raw
 * field's typed value, or a format's text. Immutable and thread-safe.
 */
public record ExtraOutputField(String key, OutputFormat format, boolean raw) {

    /** The value to report for the current event. */
    public Object value(EventContext ctx) {
        if (!raw) {
            return format.format(ctx);
        }
        Map<String, Object> one = new LinkedHashMap<>(2);
        format.putFieldValues(ctx, one);
        return one.isEmpty() ? null : one.values().iterator().next();
    }
}
