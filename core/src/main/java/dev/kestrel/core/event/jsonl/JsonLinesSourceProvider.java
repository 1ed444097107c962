package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import java.nio.file.Path;
import java.util.List;

/** The {@code jsonl} event source: one argument, the events file in Kestrel's JSON Lines format. */
public final class JsonLinesSourceProvider implements EventSourceProvider {

    /** The name the source is selected by. */
    public static final String NAME = "jsonl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a recorded event stream in Kestrel's JSON Lines format: FILE";
    }

    @Override
    public EventSource create(List<String> arguments) throws EventSourceException {
        if (arguments.size() != 1) {
            throw new EventSourceException("the jsonl source takes one argument, the events file");
        }
        return new JsonLinesSource(Path.of(arguments.get(0)));
    }
}
