package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.spi.AbstractEventSource;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A recorded event stream in Kestrel's JSON Lines format, read on its own thread. Malformed lines are
 * counted by reason; field-value test lines ({@code {"fields": ...}}) are not system events and are
 * counted as skipped (replay them with {@code kestrel replay}).
 */
public final class JsonLinesSource extends AbstractEventSource {

    private final Path file;
    private BufferedReader in;

    /** A source reading {@code file}. */
    public JsonLinesSource(Path file) {
        super(JsonLinesSourceProvider.NAME);
        this.file = file;
    }

    @Override
    protected void open() throws EventSourceException {
        try {
            in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new EventSourceException("no such events file: " + file);
        } catch (IOException e) {
            throw new EventSourceException("cannot read events file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void read(EventSink sink) throws IOException {
        EventJsonReader reader = new EventJsonReader();
        Event event = new Event();
        String text;
        while (!stopping() && (text = in.readLine()) != null) {
            EventJsonReader.Line line = reader.parse(text, event);
            if (line instanceof EventJsonReader.Line.Parsed) {
                sink.accept(event);
                delivered();
            } else if (line instanceof EventJsonReader.Line.FieldValues) {
                skipped("field-value test line (use kestrel replay)");
            } else if (line instanceof EventJsonReader.Line.Malformed m) {
                unparsed(m.reason());
            }
        }
    }

    @Override
    protected void release() {
        try {
            in.close();
        } catch (IOException e) {
            unparsed("close error: " + e.getMessage());
        }
    }
}
