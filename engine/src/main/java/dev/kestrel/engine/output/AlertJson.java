package dev.kestrel.engine.output;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.text.AlertJsonWriter;
import dev.kestrel.core.text.TimeText;
import java.util.Map;

/**
 * Writes an alert as Falco's JSON alert: {@code hostname}, {@code output}, {@code output_fields},
 * {@code priority}, {@code rule}, {@code source}, {@code tags}, {@code time} (UTC ISO-8601 with nine
 * fraction digits and {@code Z}), keys sorted as Falco sorts them, with Falco's
 * {@code json_include_*_property} switches and extra fields; {@link Alert#toJson()} is the same text
 * with the defaults. Stateless and thread-safe.
 */
public final class AlertJson {

    /**
     * Falco's {@code json_include_*_property} settings: which optional properties the JSON alert has.
     * {@code message} is the rule's output without the time and priority prefix.
     */
    public record Options(boolean output, boolean tags, boolean message, boolean outputFields) {
        /** Falco's defaults: output, tags and output_fields, no message. */
        public static final Options DEFAULTS = new Options(true, true, false, true);
    }

    private AlertJson() {
    }

    /** The alert as one line of JSON with Falco's default properties. */
    public static String toJson(Alert alert) {
        return alert.toJson();
    }

    /**
     * The alert as one line of JSON with the properties {@code options} asks for; {@code extraFields}
     * (falcosidekick's {@code customfields}) are added to {@code output_fields}, replacing a field of the
     * same name.
     */
    public static String toJson(Alert alert, Options options, Map<String, ?> extraFields) {
        StringBuilder out = new StringBuilder(256 + alert.output().length() * 2);
        appendJson(alert, options, extraFields, out);
        return out.toString();
    }

    /** Appends the alert as one line of JSON (no newline) with Falco's default properties. */
    public static void appendJson(Alert alert, StringBuilder out) {
        appendJson(alert, Options.DEFAULTS, Map.of(), out);
    }

    /** Appends the alert as one line of JSON (no newline); see {@link #toJson(Alert, Options, Map)}. */
    public static void appendJson(Alert alert, Options options, Map<String, ?> extraFields, StringBuilder out) {
        AlertJsonWriter.append(alert, options.output(), options.tags(), options.message(), options.outputFields(),
                extraFields, out);
    }

    /** The rule's formatted output: the alert line without its {@code <time>: <Priority> } prefix. */
    public static String message(Alert alert) {
        return AlertJsonWriter.message(alert);
    }

    /** The event time as Falco writes it in JSON: UTC ISO-8601 with nine fraction digits and {@code Z}. */
    public static String isoTime(long epochNanos) {
        StringBuilder out = new StringBuilder(30);
        TimeText.appendIsoUtc(epochNanos, "Z", out);
        return out.toString();
    }
}
