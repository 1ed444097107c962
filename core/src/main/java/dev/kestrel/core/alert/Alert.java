package dev.kestrel.core.alert;

import dev.kestrel.core.Priority;
import java.util.List;
import java.util.Map;

/**
 * One rule match, shaped like Falco's alert. {@code outputFields} maps each {@code %field} of the
 * output (as written) to its typed value: String, Long, Double, Boolean, List, or null when the field
 * had no value. {@code output} is the full text line (time, priority, formatted output).
 */
public record Alert(
        long timeNanos,
        String rule,
        Priority priority,
        String source,
        String hostname,
        String output,
        Map<String, Object> outputFields,
        List<String> tags) {

    public Alert {
        outputFields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputFields));
        tags = List.copyOf(tags);
    }
}
