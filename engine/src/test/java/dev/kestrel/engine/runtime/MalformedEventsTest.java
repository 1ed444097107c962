package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A host feeding nonsense through {@link Kestrel#process} gets counts, never an exception. process
 * catches what the state or a rule throws, so "does not throw" alone proves nothing: each event below
 * must end in the outcome written beside it, processed or skipped with that reason, counted once.
 */
class MalformedEventsTest {

    private static final long T0 = 1_732_867_400_000_000_000L;
    private static final String PROCESSED = "processed";

    @Test
    void malformedEventsAreCountedOrSkippedNeverThrown() {
        try (Kestrel k = Kestrel.builder().defaultRules().build()) {
            Event e = new Event();
            Map<String, Consumer<Kestrel>> hostile = new LinkedHashMap<>();
            hostile.put("null", x -> x.process(null));
            hostile.put("an event never reset", x -> x.process(new Event()));
            hostile.put("openat of an unknown thread", x -> x.process(e.reset(EventType.OPENAT, T0, 999_999, 999_999, 3)));
            hostile.put("close of fd -7", x -> x.process(e.reset(EventType.CLOSE, T0, 4242, 4242, 0).setNumber(0, -7)));
            hostile.put("read of fd -1", x -> x.process(e.reset(EventType.READ, T0, 4242, 4242, 10).setNumber(0, -1)));
            hostile.put("tid -1", x -> x.process(e.reset(EventType.OPENAT, T0, -1, -1, -2)));
            hostile.put("negative time, tid 0", x -> x.process(e.reset(EventType.OPENAT, -5, 0, 0, Long.MIN_VALUE)));
            hostile.put("execve without parameters", x -> x.process(e.reset(EventType.EXECVE, T0, 77, 77, 0)));
            hostile.put("procexit of an unknown process", x -> x.process(e.reset(EventType.PROCEXIT, T0, 123_456, 0, 0)));
            hostile.put("clone without flags", x -> x.process(e.reset(EventType.CLONE, T0, 77, 77, 78)));
            hostile.put("dup2 to fd Long.MAX_VALUE", x -> x.process(e.reset(EventType.DUP2, T0, 77, 77, -1).setNumber(0, Long.MAX_VALUE)));
            hostile.put("connect without a tuple", x -> x.process(e.reset(EventType.CONNECT, T0, 77, 77, 0)));
            hostile.put("extreme ids and time", x -> x.process(e.reset(EventType.OPENAT, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 3)));
            hostile.put("container record without metadata", x -> x.process(e.resetContainer(T0, null)));
            hostile.put("pod record without metadata", x -> x.process(e.resetPod(T0, null)));
            hostile.put("user record without metadata", x -> x.process(e.resetUser(T0, null)));
            hostile.put("group record without metadata", x -> x.process(e.resetGroup(T0, null)));
            hostile.put("host record without metadata", x -> x.process(e.resetHost(T0, null)));
            Map<String, String> outcomes = new LinkedHashMap<>();
            for (Map.Entry<String, Consumer<Kestrel>> h : hostile.entrySet()) {
                KestrelCounters before = k.counters();
                h.getValue().accept(k);
                outcomes.put(h.getKey(), outcome(before, k.counters()));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            hostile.keySet().forEach(name -> expected.put(name, PROCESSED));
            expected.put("null", "skipped: null event");
            expected.put("an event never reset", "skipped: event without a type");
            expected.put("container record without metadata", "skipped: container record without its data");
            expected.put("pod record without metadata", "skipped: pod record without its data");
            expected.put("user record without metadata", "skipped: user record without its data");
            expected.put("group record without metadata", "skipped: group record without its data");
            expected.put("host record without metadata", "skipped: host record without its data");
            assertThat(outcomes).containsExactlyEntriesOf(expected);
            KestrelCounters c = k.counters();
            assertThat(c.evaluationErrors()).as("no rule failed on these events").isZero();
            assertThat(c.eventsProcessed() + c.metadataRecordsTotal() + c.eventsSkipped())
                    .as("every event is counted once").isEqualTo(hostile.size());
            assertThat(c.skippedByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(c.eventsSkipped());
        }
    }

    /** What one call did, read from the counters: processed, or skipped with its reason. */
    private static String outcome(KestrelCounters before, KestrelCounters after) {
        assertThat(after.evaluationErrors()).isEqualTo(before.evaluationErrors());
        long processed = after.eventsProcessed() - before.eventsProcessed();
        long records = after.metadataRecordsTotal() - before.metadataRecordsTotal();
        long skipped = after.eventsSkipped() - before.eventsSkipped();
        assertThat(records).as("none of these is a usable record").isZero();
        assertThat(processed + skipped).as("one event, counted once").isEqualTo(1);
        if (processed == 1) {
            return PROCESSED;
        }
        for (Map.Entry<String, Long> r : after.skippedByReason().entrySet()) {
            if (r.getValue() > before.skippedByReason().getOrDefault(r.getKey(), 0L)) {
                return "skipped: " + r.getKey();
            }
        }
        throw new AssertionError("skipped without a reason");
    }
}
