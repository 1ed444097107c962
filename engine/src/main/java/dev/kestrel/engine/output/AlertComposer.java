package dev.kestrel.engine.output;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.EventContext;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a rule match into Falco's alert: the text line {@code <time>: <Priority> <output>} and the
 * typed {@code output_fields} (the output's fields plus the time field of the prefix). Immutable and
 * safe to share between threads.
 */
public final class AlertComposer {

    private final TimeFormat timeFormat;
    private final ZoneId zone;
    private final String hostname;

    /**
     * @param timeFormat how the line's time is written
     * @param zone the zone of the {@link TimeFormat#CLOCK} time (Falco uses the host's local zone)
     * @param hostname reported in every alert
     */
    public AlertComposer(TimeFormat timeFormat, ZoneId zone, String hostname) {
        this.timeFormat = Objects.requireNonNull(timeFormat, "timeFormat");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
    }

    public String hostname() {
        return hostname;
    }

    public TimeFormat timeFormat() {
        return timeFormat;
    }

    /** The alert for one match of rule {@code rule} on the event current in {@code ctx}. */
    public Alert compose(String rule, Priority priority, String source, List<String> tags,
            OutputFormat output, EventContext ctx) {
        return compose(rule, priority, source, tags, output, List.of(), ctx);
    }

    /** As {@link #compose(String, Priority, String, List, OutputFormat, EventContext)}, adding {@code extraFields} to {@code output_fields}. */
    public Alert compose(String rule, Priority priority, String source, List<String> tags,
            OutputFormat output, List<ExtraOutputField> extraFields, EventContext ctx) {
        long time = ctx.event().timestampNanos();
        StringBuilder line = new StringBuilder(output.text().length() + 96);
        appendTime(time, line);
        line.append(": ").append(priority.display()).append(' ');
        output.appendTo(ctx, line);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(timeFormat.field(), time);
        output.putFieldValues(ctx, fields);
        fields.computeIfPresent("evt.time", (k, v) -> time);
        fields.computeIfPresent("evt.time.iso8601", (k, v) -> time);
        for (ExtraOutputField extra : extraFields) {
            fields.put(extra.key(), extra.value(ctx));
        }
        return new Alert(time, rule, priority, source, hostname, line.toString(), fields, tags);
    }

    /** Appends the line's time as configured. */
    public void appendTime(long epochNanos, StringBuilder out) {
        if (timeFormat == TimeFormat.ISO_8601) {
            TimeText.appendIsoUtc(epochNanos, "+0000", out);
        } else {
            TimeText.appendClock(epochNanos, zone, out);
        }
    }
}
