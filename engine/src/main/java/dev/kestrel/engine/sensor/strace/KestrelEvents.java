package dev.kestrel.engine.sensor.strace;

import dev.kestrel.core.spi.EventSink;
import dev.kestrel.engine.sensor.proc.ProcessSnapshot;

/** Writes call events and process snapshots as Kestrel {@link dev.kestrel.core.event.Event}s. */
final class KestrelEvents implements EventAdapter {

    // TODO(sensor): fill Kestrel's Event once the event model with typed parameters lands.

    @Override
    public void snapshot(ProcessSnapshot process, EventSink sink) {
    }

    @Override
    public void call(CallEvent call, EventSink sink) {
    }
}
