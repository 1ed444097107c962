package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.spi.AbstractEventSource;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A recorded event stream in Kestrel's JSON Lines format, read on its own thread. Malformed lines are
 * counted by reason; field-value test lines ({@code {"fields": ...}}) are not system events and are
 * counted as skipped (replay them with {@code kestrel replay}).
 */
public final class JsonLinesSource extends AbstractEventSource {

    private final Path file;
    private final EventReadLimits limits;
    private InputStream in;

    /** A source reading {@code file} with the reader's default limits ({@link EventJsonReader#EventJsonReader()}). */
    public JsonLinesSource(Path file) {
        this(file, EventReadLimits.DEFAULTS);
    }

    /**
     * A source reading {@code file} with these limits, as {@link EventJsonReader#EventJsonReader(int, int, int)}
     * takes them (an engine's are in {@code KestrelLimits}).
     *
     * @throws IllegalArgumentException when a limit is out of its range
     */
    public JsonLinesSource(Path file, int maxLineBytes, int maxStringBytes, int maxJsonDepth) {
        this(file, new EventReadLimits(maxLineBytes, maxStringBytes, maxJsonDepth));
    }

    private JsonLinesSource(Path file, EventReadLimits limits) {
        super(JsonLinesSourceProvider.NAME);
        this.file = file;
        this.limits = limits;
    }

    @Override
    protected void open() throws EventSourceException {
        in = openFile(file, "events file", Files::newInputStream);
    }

    @Override
    protected void read(EventSink sink) throws IOException {
        new EventJsonReader(limits).read(in, new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                sink.accept(event);
                delivered();
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
                skipped("field-value test line (use kestrel replay)");
            }

            @Override
            public void skippedLine(long line, String reason) {
                unparsed(reason);
            }
        }, this::stopping);
    }

    @Override
    protected void release() {
        closeCounted(in);
    }
}
