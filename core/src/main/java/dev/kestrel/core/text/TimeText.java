package dev.kestrel.core.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Writes event timestamps (nanoseconds since the epoch) the ways Falco prints them: the alert line's
 * clock or ISO-8601 prefix and the JSON alert's {@code time}. Stateless and thread-safe; arguments
 * must not be null.
 */
public final class TimeText {

    private TimeText() {
    }

    /** {@code HH:MM:SS.nnnnnnnnn} in {@code zone}. */
    public static void appendClock(long epochNanos, ZoneId zone, StringBuilder out) {
        LocalDateTime t = LocalDateTime.ofInstant(instant(epochNanos), zone);
        two(t.getHour(), out.append(""));
        two(t.getMinute(), out.append(':'));
        two(t.getSecond(), out.append(':'));
        nine(t.getNano(), out.append('.'));
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnn} in UTC followed by {@code suffix} ({@code Z} or {@code +0000}). */
    public static void appendIsoUtc(long epochNanos, String suffix, StringBuilder out) {
        LocalDateTime t = LocalDateTime.ofInstant(instant(epochNanos), ZoneOffset.UTC);
        int year = t.getYear();
        if (year >= 0 && year < 10_000) {
            String y = Integer.toString(year);
            for (int k = y.length(); k < 4; k++) {
                out.append('0');
            }
            out.append(y);
        } else {
            out.append(year);
        }
        two(t.getMonthValue(), out.append('-'));
        two(t.getDayOfMonth(), out.append('-'));
        two(t.getHour(), out.append('T'));
        two(t.getMinute(), out.append(':'));
        two(t.getSecond(), out.append(':'));
        nine(t.getNano(), out.append('.'));
        out.append(suffix);
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static void two(int v, StringBuilder out) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }

    private static void nine(int nanos, StringBuilder out) {
        String s = Integer.toString(nanos);
        for (int k = s.length(); k < 9; k++) {
            out.append('0');
        }
        out.append(s);
    }
}
