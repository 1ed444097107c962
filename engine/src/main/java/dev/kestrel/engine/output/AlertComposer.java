package dev.kestrel.engine.output;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.text.TimeText;
import dev.kestrel.core.text.Utf8Cut;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns a rule match into Falco's alert: the text line {@code <time>: <Priority> <output>} and the
 * typed {@code output_fields} (the output's fields plus the time field of the prefix). Immutable and
 * safe to share between threads.
 */
public final class AlertComposer {

    private final TimeFormat timeFormat;
    private final ZoneId zone;
    private final String hostname;
    private final int maxOutputBytes;
    private final LongAdder outputsCut = new LongAdder();

    /** A composer with no bound on the output line beyond the default 64 KiB. */
    public AlertComposer(TimeFormat timeFormat, ZoneId zone, String hostname) {
        this(timeFormat, zone, hostname, DEFAULT_MAX_OUTPUT_BYTES);
    }

    /** The default bound on an alert's output line and on each string in its fields: 64 KiB. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 << 10;

    /** What is written in place of the bytes cut off an output line or field value. */
    public static final String CUT_MARK = "...(cut)";

    /**
     * @param timeFormat how the line's time is written
     * @param zone the zone of the {@link TimeFormat#CLOCK} time (Falco uses the host's local zone)
     * @param hostname reported in every alert
     * @param maxOutputBytes the longest output line and field string kept, in UTF-8 bytes; longer
     *                       ones are cut, marked with {@link #CUT_MARK} and counted
     */
    public AlertComposer(TimeFormat timeFormat, ZoneId zone, String hostname, int maxOutputBytes) {
        this.timeFormat = Objects.requireNonNull(timeFormat, "timeFormat");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, was " + maxOutputBytes);
        }
        this.maxOutputBytes = maxOutputBytes;
    }

    /** How many alerts had their output line or a field value cut to {@code maxOutputBytes}. */
    public long outputsCut() {
        return outputsCut.sum();
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
        boolean cut = false;
        String text = line.toString();
        if (Utf8Cut.exceeds(text, maxOutputBytes)) {
            text = Utf8Cut.cut(text, maxOutputBytes) + CUT_MARK;
            cut = true;
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() instanceof String v && Utf8Cut.exceeds(v, maxOutputBytes)) {
                e.setValue(Utf8Cut.cut(v, maxOutputBytes) + CUT_MARK);
                cut = true;
            }
        }
        if (cut) {
            outputsCut.increment();
        }
        return new Alert(time, rule, priority, source, hostname, text, fields, tags);
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
