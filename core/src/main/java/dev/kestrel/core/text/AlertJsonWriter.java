package dev.kestrel.core.text;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an alert as Falco's {@code json_output} prints it (Falco's {@code falco_formats::format_event}
 * builds an nlohmann JSON object, whose keys come out sorted): {@code hostname}, {@code message}
 * (optional), {@code output}, {@code output_fields}, {@code priority}, {@code rule}, {@code source},
 * {@code tags} (sorted), {@code time} (UTC ISO-8601 with nine fraction digits and {@code Z}). The one
 * implementation behind {@link Alert#toJson()} and the engine's configurable {@code AlertJson}.
 * Stateless and thread-safe; arguments must not be null.
 */
public final class AlertJsonWriter {

    private AlertJsonWriter() {
    }

    /**
     * Appends {@code alert} as one line of JSON (no newline). The flags are Falco's
     * {@code json_include_output_property}, {@code json_include_tags_property},
     * {@code json_include_message_property} and {@code json_include_output_fields_property};
     * {@code extraFields} are added to {@code output_fields}, replacing a field of the same name.
     */
    public static void append(Alert alert, boolean output, boolean tags, boolean message, boolean outputFields,
            Map<String, ?> extraFields, StringBuilder out) {
        out.append("{\"hostname\":");
        JsonWriter.writeString(alert.hostname(), out);
        if (message) {
            out.append(",\"message\":");
            JsonWriter.writeString(message(alert), out);
        }
        if (output) {
            out.append(",\"output\":");
            JsonWriter.writeString(alert.output(), out);
        }
        if (outputFields) {
            out.append(",\"output_fields\":");
            Map<String, Object> sorted = new TreeMap<>(alert.outputFields());
            sorted.putAll(extraFields);
            JsonWriter.write(sorted, out);
        }
        out.append(",\"priority\":");
        JsonWriter.writeString(alert.priority().display(), out);
        out.append(",\"rule\":");
        JsonWriter.writeString(alert.rule(), out);
        out.append(",\"source\":");
        JsonWriter.writeString(alert.source(), out);
        if (tags) {
            out.append(",\"tags\":");
            JsonWriter.write(alert.tags().stream().sorted().toList(), out);
        }
        out.append(",\"time\":\"");
        TimeText.appendIsoUtc(alert.timeNanos(), "Z", out);
        out.append("\"}");
    }

    /** The rule's formatted output: the alert line without its {@code <time>: <Priority> } prefix. */
    public static String message(Alert alert) {
        String line = alert.output();
        String marker = ": " + alert.priority().display() + " ";
        int at = line.indexOf(marker);
        return at < 0 ? line : line.substring(at + marker.length());
    }
}
