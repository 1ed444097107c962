package dev.kestrel.core.spi;

import java.time.Duration;

/**
 * A live or recorded producer of system events for Kestrel: a syscall tracer, a file of JSON Lines,
 * a host's own instrumentation. Sources are created by an {@link EventSourceProvider}, which Kestrel
 * finds through {@link java.util.ServiceLoader} and selects by {@link EventSourceProvider#name()}.
 *
 * <p>Life cycle: {@link #start} once; the source then pushes events into the sink from its own
 * thread until its input ends or {@link #stop} is called; {@link #await} waits for that end.
 * {@link #counters} may be read at any time from any thread. Implementations must never let an
 * input they cannot parse stop the stream: they count it (see {@link SourceCounters}).
 */
public interface EventSource extends AutoCloseable {

    /** The name of this kind of source, as its provider's {@link EventSourceProvider#name()}. */
    String name();

    /**
     * Starts producing events into {@code sink} on the source's own thread and returns at once.
     *
     * @throws EventSourceException when the source cannot start (say, a tracer is not installed);
     *                              its message is one sentence a user can act on
     */
    void start(EventSink sink) throws EventSourceException;

    /**
     * Waits until the input ended (a traced command exited, a file was read to its end) and every
     * event read was delivered, at most {@code timeout}. True when it ended.
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** A snapshot of what the source did so far. */
    SourceCounters counters();

    /** Stops reading, delivers or counts what was already read, and releases the source's resources. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
