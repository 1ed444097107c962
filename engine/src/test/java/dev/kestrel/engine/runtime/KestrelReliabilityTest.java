package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.sink.CollectingSink;
import dev.kestrel.engine.sink.StuckSink;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The facade's guarantees (docs/limits.md, "Alerts" and "Delivery guarantees"): no waiting for sinks
 * under the lock, output bounded in bytes, closed means closed.
 */
class KestrelReliabilityTest {

    static final String OPEN_RULE = """
            - rule: Any open
              desc: every successful open
              condition: evt.type = openat and fd.name startswith /etc/
              output: opened %fd.name
              priority: warning
            """;

    private static final long T0 = 1_732_867_400_000_000_000L;

    static Event open(long n, String name) {
        Event e = new Event().reset(EventType.OPENAT, T0 + n, 100, 100, 3);
        e.setParam("dirfd", -100);
        e.setParam("name", name);
        e.setParam("flags", "O_RDONLY");
        return e;
    }

    @Test
    void aCallerWaitingForRoomInTheAlertQueueDoesNotHoldUpOtherCallers() throws Exception {
        StuckSink sink = new StuckSink();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", OPEN_RULE).sink(sink)
                .alertQueue(1, Duration.ofSeconds(5)).build()) {
            k.process(open(1, "/etc/a"));                 // taken by the sink, which stays stuck
            assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
            k.process(open(2, "/etc/b"));                 // fills the queue
            AtomicLong waiterDone = new AtomicLong();
            Thread waiter = new Thread(() -> {
                k.process(open(3, "/etc/c"));             // waits up to 5 s for room
                waiterDone.set(System.nanoTime());
            });
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();                      // until it waits for room
            }
            assertThat(waiter.getState()).isEqualTo(Thread.State.TIMED_WAITING);
            long start = System.nanoTime();
            k.process(open(4, "/tmp/not-matching"));      // needs only the lock
            long otherDone = System.nanoTime();
            assertThat(waiterDone.get()).as("the waiter is still waiting for room").isZero();
            // held up by the waiter, it would have taken the waiter's whole 5 s
            assertThat(TimeUnit.NANOSECONDS.toMillis(otherDone - start)).isLessThan(4_000);
            sink.release.countDown();
            waiter.join(10_000);
            assertThat(waiter.isAlive()).isFalse();
        }
    }

    @Test
    void anAlertOutputBeyondTheLimitIsCutAndCounted() {
        String rule = OPEN_RULE.replace("output: opened %fd.name", "output: " + "x".repeat(200_000) + " %fd.name");
        CollectingSink sink = new CollectingSink();
        KestrelLimits limits = KestrelLimits.builder().maxAlertOutputBytes(1024).build();
        Kestrel k = Kestrel.builder().rulesText("r.yaml", rule).sink(sink).limits(limits).build();
        for (int i = 0; i < 200; i++) {
            k.process(open(i, "/etc/passwd"));
        }
        k.close();
        assertThat(sink.alerts()).hasSize(200).allSatisfy(a -> {
            assertThat(a.output().length()).isLessThanOrEqualTo(1024 + 16);
            assertThat(a.output()).endsWith("...(cut)");
        });
        KestrelCounters c = k.counters();
        assertThat(c.limitHits("maxAlertOutputBytes")).isEqualTo(200);
        assertThat(c.alertsDelivered() + c.alertsFailed() + c.alertsDropped()).isEqualTo(c.alerts()).isEqualTo(200);
    }

    @Test
    void processAfterCloseIsRefused() {
        Kestrel k = Kestrel.builder().rulesText("r.yaml", OPEN_RULE).build();
        k.close();
        assertThatThrownBy(() -> k.process(open(1, "/etc/a"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> k.processFieldValues(Map.of("fd.name", "/etc/a")))
                .isInstanceOf(IllegalStateException.class);
        k.close(); // closing twice is harmless
    }

    @Test
    void buildWithoutRulesIsRefused() {
        assertThatThrownBy(() -> Kestrel.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no rules");
    }

    @Test
    void theLimitsObjectReachesEveryPart() {
        KestrelLimits limits = KestrelLimits.builder().maxRulesFileBytes(64).build();
        assertThatThrownBy(() -> Kestrel.builder().rulesText("r.yaml", OPEN_RULE).limits(limits).build())
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("maxRulesFileBytes");
        KestrelLimits state = KestrelLimits.builder().maxStateBytes(123_456).maxFdNameBytes(99).build();
        assertThat(state.state().maxBytes()).isEqualTo(123_456);
        assertThat(state.state().maxFdNameBytes()).isEqualTo(99);
        assertThat(KestrelLimits.DEFAULTS.toBuilder().build().toString()).isEqualTo(KestrelLimits.DEFAULTS.toString());
        assertThatThrownBy(() -> KestrelLimits.builder().alertQueueBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateEvictionsShowInTheCounters() {
        KestrelLimits limits = KestrelLimits.builder().maxStateBytes(256 << 10).build();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", OPEN_RULE).limits(limits).build()) {
            Event e = new Event();
            for (int pid = 1000; pid < 1100; pid++) {
                for (int fd = 3; fd < 103; fd++) {
                    e.reset(EventType.OPENAT, T0 + pid * 1000L + fd, pid, pid, fd);
                    e.setParam("dirfd", -100);
                    e.setParam("name", "/var/data/" + "z".repeat(40) + fd);
                    e.setParam("flags", "O_RDONLY");
                    k.process(e);
                }
            }
            assertThat(k.counters().limitHits("maxStateBytes")).isPositive();
        }
    }
}
