package dev.kestrel.engine.sensor.strace;

import dev.kestrel.core.spi.EventSink;
import dev.kestrel.engine.sensor.proc.ProcessSnapshot;

/** Writes the sensor's neutral records as Kestrel events into a sink. */
interface EventAdapter {

    /** Delivers a process known from /proc, so state knows it before its first event. */
    void snapshot(ProcessSnapshot process, EventSink sink);

    /** Delivers one system call or exit. */
    void call(CallEvent call, EventSink sink);
}
