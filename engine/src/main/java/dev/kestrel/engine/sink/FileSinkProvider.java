package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.AlertSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code file}: appends alerts to option {@code path}; option {@code format} is {@code text} (default) or {@code json}. */
public final class FileSinkProvider implements AlertSinkProvider {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public AlertSink create(Map<String, String> options) throws IOException {
        String path = options.get("path");
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the file sink needs a 'path' option naming the file to append alerts to");
        }
        return new FileSink(Path.of(path), SinkOptions.format(options));
    }
}
