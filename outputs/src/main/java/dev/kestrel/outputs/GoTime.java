package dev.kestrel.outputs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Writes a UTC time as Go's {@code time.Time.String()} does, which falcosidekick shows in Slack. */
final class GoTime {

    private GoTime() {
    }

    /** {@code 2006-01-02 15:04:05.999999999 +0000 UTC}: trailing zeros of the fraction dropped, and the dot with them. */
    static String string(long epochNanos) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(40);
        out.append(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            String frac = String.format("%09d", t.getNano());
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(frac, 0, end);
        }
        return out.append(" +0000 UTC").toString();
    }
}
