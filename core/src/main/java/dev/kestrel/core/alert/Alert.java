package dev.kestrel.core.alert;

import dev.kestrel.core.Priority;
import dev.kestrel.core.text.AlertJsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule match, shaped like Falco's alert. {@code outputFields} maps each {@code %field} of the
 * output (as written) to its typed value: String, Long, Double, Boolean, List, or null when the field
 * had no value. {@code output} is the full text line (time, priority, formatted output).
 *
 * <p>Immutable and thread-safe. No component may be null ({@code outputFields} values may be); the
 * maps and lists given are copied.
 *
 * @param timeNanos the event's time, nanoseconds since the epoch
 * @param rule the rule's name
 * @param priority the rule's priority
 * @param source the rules' event source, {@code syscall} for system events
 * @param hostname the host the event was seen on
 * @param output the alert line, as Falco prints it without {@code json_output}
 * @param outputFields each field of the output, as written, with its typed value
 * @param tags the rule's tags
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
        outputFields = Collections.unmodifiableMap(new LinkedHashMap<>(outputFields));
        tags = List.copyOf(tags);
    }

    /**
     * The alert as one line of JSON (no newline), as Falco's {@code json_output} prints it with its
     * default properties: {@code hostname}, {@code output}, {@code output_fields}, {@code priority},
     * {@code rule}, {@code source}, {@code tags} (sorted), {@code time} (UTC ISO-8601 with nine fraction
     * digits and {@code Z}), keys sorted as Falco writes them. Never null; throws nothing.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(256 + output.length() * 2);
        AlertJsonWriter.append(this, true, true, false, true, Map.of(), out);
        return out.toString();
    }

    /**
     * The alert as Falco prints it without {@code json_output}: the {@link #output()} line, for example
     * {@code 16:17:57.881781397: Warning An open was seen (command=cat /dev/null)}. Never null.
     */
    public String toText() {
        return output;
    }
}
