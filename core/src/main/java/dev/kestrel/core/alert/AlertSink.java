package dev.kestrel.core.alert;

/**
 * Receives alerts. Built-in sinks write text, JSON Lines or files; a host adds its own (Loki,
 * Slack, a web UI) by implementing this and registering it with the engine or through
 * {@link java.util.ServiceLoader}. Called from the engine's delivery thread, never concurrently,
 * and {@link #close()} is never called while {@link #accept} runs.
 *
 * <p>A sink reports a failure by throwing an unchecked exception (wrap an {@code IOException} in
 * {@link java.io.UncheckedIOException}); whatever it throws is counted as a sink error and the
 * alert as failed. It never stops evaluation or delivery to the other sinks.
 */
public interface AlertSink extends AutoCloseable {

    /** A short name used in counters and logs, e.g. {@code stdout}. */
    String name();

    /** Delivers one alert; throws (unchecked) when it could not. */
    void accept(Alert alert);

    /** Flushes and releases resources; throws (unchecked) when that fails. */
    @Override
    default void close() {
    }
}
