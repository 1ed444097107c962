package dev.kestrel.sensor.scap;

import java.util.Map;

/**
 * What a {@link ScapReader} read so far. Every event block is either delivered as an event, delivered
 * as a record (container metadata) or counted in {@code skipped} with its reason.
 *
 * @param blocks blocks read, metadata and events
 * @param events syscall events delivered (enter and exit halves each count)
 * @param records state records delivered (processes, fds, users, groups, containers)
 * @param interfaces interface addresses read (Kestrel keeps no interface table)
 * @param skipped what was read but not delivered, by reason
 *                (e.g. {@code "event code 999: not in libscap's table as Kestrel carries it"})
 */
public record ScapCounters(long blocks, long events, long records, long interfaces, Map<String, Long> skipped) {

    public ScapCounters {
        skipped = Map.copyOf(skipped);
    }

    /** Sum of {@link #skipped()}. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
