package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import java.util.Map;
import java.util.Objects;

/**
 * Feeds what an {@link EventJsonReader} reads from Kestrel's JSON Lines event format to one
 * {@link Kestrel}: system events and records to {@link Kestrel#process}, field-value lines to
 * {@link Kestrel#processFieldValues}. Lines the reader cannot use stay in its result; hand it to
 * {@link Kestrel#countSkippedLines} to count them, and the reading limits they hit, in the engine's counters.
 *
 * <pre>{@code
 * kestrel.countSkippedLines(kestrel.limits().eventReader().read(Files.newInputStream(events), new JsonLinesFeed(kestrel)));
 * }</pre>
 *
 * <p>Thread safety: as safe as the Kestrel it feeds; the reader calls it from the reading thread.
 * Throws what the Kestrel throws (an {@link IllegalArgumentException} for an unknown field in a
 * field-value line, an {@link IllegalStateException} after close).
 */
public final class JsonLinesFeed implements EventJsonReader.Handler {

    private final Kestrel kestrel;

    /** A feed into {@code kestrel} (not null). */
    public JsonLinesFeed(Kestrel kestrel) {
        this.kestrel = Objects.requireNonNull(kestrel, "kestrel");
    }

    @Override
    public void event(Event event, long line) {
        kestrel.process(event);
    }

    @Override
    public void fieldValues(Map<String, Object> fields, long line) {
        kestrel.processFieldValues(fields);
    }
}
