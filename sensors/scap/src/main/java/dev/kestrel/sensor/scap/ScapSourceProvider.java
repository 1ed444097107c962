package dev.kestrel.sensor.scap;

import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import java.nio.file.Path;
import java.util.List;

/** The {@code scap} event source: one argument, a Falco/sysdig capture file. */
public final class ScapSourceProvider implements EventSourceProvider {

    /** The name the source is selected by. */
    public static final String NAME = "scap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a Falco/sysdig capture file (.scap, plain or gzip): FILE";
    }

    @Override
    public EventSource create(List<String> arguments) throws EventSourceException {
        if (arguments.size() != 1) {
            throw new EventSourceException("the scap source takes one argument, the capture file");
        }
        return new ScapSource(Path.of(arguments.get(0)));
    }
}
