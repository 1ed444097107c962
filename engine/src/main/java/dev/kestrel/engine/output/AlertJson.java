package dev.kestrel.engine.output;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an alert as Falco's JSON alert: {@code hostname}, {@code output}, {@code output_fields},
 * {@code priority}, {@code rule}, {@code source}, {@code tags}, {@code time} (UTC ISO-8601 with nine
 * fraction digits and {@code Z}), keys sorted as Falco sorts them.
 */
public final class AlertJson {

    private AlertJson() {
    }

    /** The alert as one line of JSON. */
    public static String toJson(Alert alert) {
        StringBuilder out = new StringBuilder(256 + alert.output().length() * 2);
        appendJson(alert, out);
        return out.toString();
    }

    /** Appends the alert as one line of JSON (no newline). */
    public static void appendJson(Alert alert, StringBuilder out) {
        out.append("{\"hostname\":");
        JsonWriter.writeString(alert.hostname(), out);
        out.append(",\"output\":");
        JsonWriter.writeString(alert.output(), out);
        out.append(",\"output_fields\":");
        Map<String, Object> sorted = new TreeMap<>(alert.outputFields());
        JsonWriter.write(sorted, out);
        out.append(",\"priority\":");
        JsonWriter.writeString(alert.priority().display(), out);
        out.append(",\"rule\":");
        JsonWriter.writeString(alert.rule(), out);
        out.append(",\"source\":");
        JsonWriter.writeString(alert.source(), out);
        out.append(",\"tags\":");
        JsonWriter.write(alert.tags().stream().sorted().toList(), out);
        out.append(",\"time\":\"");
        TimeText.appendIsoUtc(alert.timeNanos(), "Z", out);
        out.append("\"}");
    }
}
