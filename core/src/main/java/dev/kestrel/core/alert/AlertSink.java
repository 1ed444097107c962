package dev.kestrel.core.alert;

/**
 * Receives alerts. Built-in sinks write text, JSON Lines or files; a host adds its own (Loki,
 * Slack, a web UI) by implementing this and registering it with the engine or through
 * {@link java.util.ServiceLoader}. Called from the engine's delivery thread, never concurrently.
 */
public interface AlertSink extends AutoCloseable {

    /** A short name used in counters and logs, e.g. {@code stdout}. */
    String name();

    /** Delivers one alert. An exception is counted as a delivery error and logged; it never stops evaluation. */
    void accept(Alert alert) throws Exception;

    /** Flushes and releases resources. */
    @Override
    default void close() throws Exception {
    }
}
