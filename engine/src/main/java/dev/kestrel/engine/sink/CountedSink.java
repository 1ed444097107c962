package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.AlertSink;

/**
 * A sink that keeps its own delivery counters (the network outputs of kestrel-outputs do). The engine
 * reports them per output in {@link dev.kestrel.engine.runtime.Kestrel#outputCounters()}.
 * {@link #counters()} may be called from any thread.
 */
public interface CountedSink extends AlertSink {

    /** A snapshot of this output's counters. */
    OutputCounters counters();

    /**
     * Starts the bounded flush that {@link #close()} finishes, so several outputs flush at the same time
     * rather than one after the other. Alerts accepted afterwards are dropped. Default: nothing.
     */
    default void startClosing() {
    }
}
