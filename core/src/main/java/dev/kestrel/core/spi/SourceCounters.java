package dev.kestrel.core.spi;

import java.util.Map;

/**
 * What an {@link EventSource} did so far. Nothing a source reads is lost silently: every input it
 * could not turn into an event is in one of the maps or in {@code dropped}.
 *
 * @param events events delivered to the sink
 * @param dropped events (or records) dropped because evaluation did not keep up with the source
 * @param unparsed input the source could not understand, by reason (e.g. {@code "no result (openat)"})
 * @param skipped input understood but deliberately not turned into events, by reason
 *                (e.g. {@code "not mapped: mprotect"})
 */
public record SourceCounters(long events, long dropped, Map<String, Long> unparsed, Map<String, Long> skipped) {

    public SourceCounters {
        unparsed = Map.copyOf(unparsed);
        skipped = Map.copyOf(skipped);
    }

    /** Sum of {@link #unparsed()}. */
    public long unparsedTotal() {
        return unparsed.values().stream().mapToLong(Long::longValue).sum();
    }
}
