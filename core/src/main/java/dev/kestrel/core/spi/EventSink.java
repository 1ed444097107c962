package dev.kestrel.core.spi;

import dev.kestrel.core.event.Event;

/**
 * Where an {@link EventSource} delivers its events, typically {@code kestrel::process}. Called from
 * the source's own thread, one event at a time; the event may be reused by the source after the call
 * returns, so a sink that keeps it must copy it.
 */
@FunctionalInterface
public interface EventSink {

    void accept(Event event);
}
