package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.AlertSink;
import java.util.List;

/**
 * A sink with metrics of its own beyond {@link OutputCounters} (the response module's actions by
 * actionner and outcome). The engine gathers them in
 * {@link dev.kestrel.engine.runtime.Kestrel#sinkMetrics()}, and kestrel-outputs serves them on
 * {@code /metrics}. {@link #metrics()} may be called from any thread, also after close.
 */
public interface MeasuredSink extends AlertSink {

    /** A snapshot of this sink's metric families; names should start with {@code kestrel_}. */
    List<MetricFamily> metrics();
}
