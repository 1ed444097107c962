package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes each alert as one line (text or JSON Lines) to a character stream: standard output, a
 * socket, a pipe. Flushes after every alert so a reader sees alerts as they happen.
 */
public final class StreamSink implements AlertSink {

    private final String name;
    private final Writer writer;
    private final AlertLineFormat format;
    private final Function<Alert, String> lines;
    private final boolean closeStream;
    private final PrintStream errorFlag;

    /**
     * @param name the sink's name in counters and logs
     * @param writer where lines go
     * @param format text lines or JSON Lines
     * @param closeStream whether {@link #close()} closes {@code writer} (false for standard output)
     */
    public StreamSink(String name, Writer writer, AlertLineFormat format, boolean closeStream) {
        this(name, writer, format, format::line, closeStream);
    }

    /**
     * A sink writing {@code lines.apply(alert)} for each alert, e.g. Falco's JSON with chosen properties
     * ({@code a -> AlertJson.toJson(a, options, Map.of())}); {@code format} says which kind of line it is.
     */
    public StreamSink(String name, Writer writer, AlertLineFormat format,
            Function<Alert, String> lines, boolean closeStream) {
        this(name, writer, format, lines, closeStream, null);
    }

    private StreamSink(String name, Writer writer, AlertLineFormat format,
            Function<Alert, String> lines, boolean closeStream, PrintStream errorFlag) {
        this.name = Objects.requireNonNull(name, "name");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.format = Objects.requireNonNull(format, "format");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.closeStream = closeStream;
        this.errorFlag = errorFlag;
    }

    /** Falco's text lines on standard output. */
    public static StreamSink stdoutText() {
        return of("stdout", System.out, AlertLineFormat.TEXT);
    }

    /** Falco's JSON alerts, one per line, on standard output. */
    public static StreamSink stdoutJson() {
        return of("stdout", System.out, AlertLineFormat.JSON);
    }

    /**
     * A sink writing UTF-8 lines to {@code stream}, which it never closes. A {@link PrintStream}
     * hides write errors; this sink checks its error flag after every alert and fails the alert
     * (counted as a sink error) when it is set, so a full disk or closed pipe is never silent.
     */
    public static StreamSink of(String name, OutputStream stream, AlertLineFormat format) {
        return of(name, stream, format, format::line);
    }

    /** Like {@link #of(String, OutputStream, AlertLineFormat)}, writing {@code lines.apply(alert)} for each alert. */
    public static StreamSink of(String name, OutputStream stream, AlertLineFormat format,
            Function<Alert, String> lines) {
        return new StreamSink(name, new OutputStreamWriter(stream, StandardCharsets.UTF_8), format, lines, false,
                stream instanceof PrintStream ps ? ps : null);
    }

    @Override
    public String name() {
        return name;
    }

    public AlertLineFormat format() {
        return format;
    }

    @Override
    public void accept(Alert alert) {
        try {
            writer.write(lines.apply(alert));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name + ": " + e.getMessage(), e);
        }
        if (errorFlag != null && errorFlag.checkError()) {
            throw new UncheckedIOException(new IOException("cannot write to " + name
                    + " (a write error: the disk may be full or the reader gone)"));
        }
    }

    @Override
    public void close() {
        try {
            if (closeStream) {
                writer.close();
            } else {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + name + ": " + e.getMessage(), e);
        }
    }
}
