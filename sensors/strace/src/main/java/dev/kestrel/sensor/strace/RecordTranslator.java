package dev.kestrel.sensor.strace;

import dev.kestrel.core.spi.EventSink;
import java.util.Map;

/** Turns strace records into Kestrel events. Called on one thread, in record order. */
interface RecordTranslator {

    /** Called once before the first record, with the pid of the strace process itself. */
    void begin(long tracerPid, EventSink sink);

    /** Delivers the events {@code record} stands for (zero, one or more) to {@code sink}. */
    void translate(StraceRecord record, EventSink sink);

    /** Records understood but not turned into events, by reason. */
    Map<String, Long> skipped();
}
