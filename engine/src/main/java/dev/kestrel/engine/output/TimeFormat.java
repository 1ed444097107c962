package dev.kestrel.engine.output;

/** How the time at the start of an alert's text line is written, as Falco's {@code time_format_iso_8601}. */
public enum TimeFormat {
    /** {@code %evt.time}: local wall clock with nanoseconds, {@code 16:17:57.881781397}. */
    CLOCK("evt.time"),
    /** {@code %evt.time.iso8601}: UTC date and time, {@code 2016-08-04T16:17:57.881781397+0000}. */
    ISO_8601("evt.time.iso8601");

    private final String field;

    TimeFormat(String field) {
        this.field = field;
    }

    /** The field the time prefix stands for; it is reported in {@code output_fields} under this name. */
    public String field() {
        return field;
    }
}
