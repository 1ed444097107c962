package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host feeding nonsense through {@link Kestrel#process} gets counts, never an exception. */
class MalformedEventsTest {

    private static final long T0 = 1_732_867_400_000_000_000L;

    @Test
    void malformedEventsAreCountedOrSkippedNeverThrown() {
        try (Kestrel k = Kestrel.builder().defaultRules().build()) {
            Event e = new Event();
            List<Runnable> hostile = List.of(
                    () -> k.process(null),
                    () -> k.process(new Event()),
                    () -> k.process(e.reset(EventType.OPENAT, T0, 999_999, 999_999, 3)),
                    () -> k.process(e.reset(EventType.CLOSE, T0, 4242, 4242, 0).setNumber(0, -7)),
                    () -> k.process(e.reset(EventType.READ, T0, 4242, 4242, 10).setNumber(0, -1)),
                    () -> k.process(e.reset(EventType.OPENAT, T0, -1, -1, -2)),
                    () -> k.process(e.reset(EventType.OPENAT, -5, 0, 0, Long.MIN_VALUE)),
                    () -> k.process(e.reset(EventType.EXECVE, T0, 77, 77, 0)),
                    () -> k.process(e.reset(EventType.PROCEXIT, T0, 123_456, 0, 0)),
                    () -> k.process(e.reset(EventType.CLONE, T0, 77, 77, 78)),
                    () -> k.process(e.reset(EventType.DUP2, T0, 77, 77, -1).setNumber(0, Long.MAX_VALUE)),
                    () -> k.process(e.reset(EventType.CONNECT, T0, 77, 77, 0)),
                    () -> k.process(e.reset(EventType.OPENAT, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 3)),
                    () -> k.process(e.resetContainer(T0, null)),
                    () -> k.process(e.resetPod(T0, null)),
                    () -> k.process(e.resetUser(T0, null)),
                    () -> k.process(e.resetGroup(T0, null)),
                    () -> k.process(e.resetHost(T0, null)));
            for (Runnable r : hostile) {
                assertThatCode(r::run).doesNotThrowAnyException();
            }
            KestrelCounters c = k.counters();
            assertThat(c.eventsProcessed() + c.metadataRecordsTotal() + c.eventsSkipped() + c.evaluationErrors())
                    .as("every event is accounted for").isGreaterThanOrEqualTo(hostile.size());
            assertThat(c.eventsSkipped()).as("null and record-less events are skipped").isPositive();
            assertThat(c.skippedByReason()).containsKey("null event");
            assertThat(c.skippedByReason().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(c.eventsSkipped());
        }
    }
}
