package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.spi.AbstractEventSource;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Falco/sysdig capture file ({@code .scap}, gzip-compressed or not) read on its own thread with a
 * {@link ScapReader}: state records first, then every enter and exit event. What the reader skips is
 * counted as skipped by reason; a truncated or corrupt capture ends the stream after every event
 * before the damage, counted as unparsed with the reader's message (block and byte offset).
 */
public final class ScapSource extends AbstractEventSource {

    private final Path file;
    private final ScapLimits limits;
    private ScapReader reader;

    /** A source reading {@code file} with the default limits. */
    public ScapSource(Path file) {
        this(file, ScapLimits.DEFAULTS);
    }

    public ScapSource(Path file, ScapLimits limits) {
        super(ScapSourceProvider.NAME);
        this.file = file;
        this.limits = limits;
    }

    @Override
    protected void open() throws EventSourceException {
        reader = openFile(file, "capture file", f -> ScapReader.open(f, limits));
    }

    @Override
    protected void read(EventSink sink) throws IOException {
        Event event = new Event();
        try {
            while (!stopping() && reader.next(event)) {
                sink.accept(event);
                delivered();
            }
        } catch (ScapFormatException e) {
            unparsed(e.getMessage());
        } finally {
            for (Map.Entry<String, Long> s : reader.counters().skipped().entrySet()) {
                for (long i = 0; i < s.getValue(); i++) {
                    skipped(s.getKey());
                }
            }
        }
    }

    @Override
    protected void release() {
        closeCounted(reader);
    }
}
