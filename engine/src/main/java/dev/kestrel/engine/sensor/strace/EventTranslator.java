package dev.kestrel.engine.sensor.strace;

import dev.kestrel.core.spi.EventSink;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Turns strace records into Kestrel events. TODO(sensor): map to the event model once it lands. */
final class EventTranslator implements RecordTranslator {

    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

    @Override
    public void begin(long tracerPid, EventSink sink) {
    }

    @Override
    public void translate(StraceRecord record, EventSink sink) {
        String what = record instanceof SyscallRecord s ? s.name() : record.getClass().getSimpleName();
        skipped.computeIfAbsent("not mapped yet: " + what, k -> new LongAdder()).increment();
    }

    @Override
    public Map<String, Long> skipped() {
        Map<String, Long> copy = new TreeMap<>();
        skipped.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
