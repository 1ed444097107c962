package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * Appends alerts to a file, one line each (text or JSON Lines), like Falco's {@code file_output}.
 * The file is created if missing; parent folders are not.
 */
public final class FileSink implements AlertSink {

    private final Path path;
    private final Function<Alert, String> lines;
    private final BufferedWriter writer;

    /** Opens {@code path} for appending. */
    public FileSink(Path path, AlertLineFormat format) throws IOException {
        this(path, format::line);
    }

    /** Opens {@code path} for appending {@code lines.apply(alert)} for each alert. */
    public FileSink(Path path, Function<Alert, String> lines) throws IOException {
        this.path = path;
        this.lines = lines;
        this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public void accept(Alert alert) {
        try {
            writer.write(lines.apply(alert));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
