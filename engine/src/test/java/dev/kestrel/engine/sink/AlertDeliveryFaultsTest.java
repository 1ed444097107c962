package dev.kestrel.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Whatever a sink does, every alert is counted once and close keeps its bound (docs/limits.md,
 * "Delivery guarantees").
 */
class AlertDeliveryFaultsTest {

    @Test
    void aSinkThrowingAnAssertionErrorFailsThatAlertOnlyAndDeliveryGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        CollectingSink good = new CollectingSink();
        AlertSink assertive = new AlertSink() {
            @Override
            public String name() {
                return "assertive";
            }

            @Override
            public void accept(Alert alert) {
                if (calls.incrementAndGet() == 1) {
                    throw new AssertionError("a test double's assertion");
                }
            }
        };
        try (AlertDelivery d = new AlertDelivery(List.of(assertive, good), 8, Duration.ZERO)) {
            for (int i = 0; i < 5; i++) {
                assertThat(d.submit(SinksTest.alert("r" + i))).isTrue();
            }
            assertThat(d.flush(Duration.ofSeconds(10))).as("the delivery thread survived").isTrue();
            assertThat(d.failed()).isEqualTo(1);
            assertThat(d.delivered()).isEqualTo(4);
            assertThat(d.sinkErrors()).isEqualTo(1);
            assertThat(d.dropped()).isZero();
            assertThat(good.rules()).containsExactly("r0", "r1", "r2", "r3", "r4");
        }
    }

    @Test
    void anyThrowableIsCountedIncludingErrorsAndLinkageErrors() {
        List<Throwable> thrown = List.of(new StackOverflowError(), new NoClassDefFoundError("x"),
                new IllegalStateException("x"), new OutOfMemoryError("sink's own"), new Error("x"));
        AtomicInteger i = new AtomicInteger();
        AlertSink sink = new AlertSink() {
            @Override
            public String name() {
                return "thrower";
            }

            @Override
            public void accept(Alert alert) {
                int n = i.getAndIncrement();
                if (n < thrown.size()) {
                    sneakyThrow(thrown.get(n));
                }
            }
        };
        try (AlertDelivery d = new AlertDelivery(List.of(sink), 16, Duration.ZERO)) {
            for (int k = 0; k < 7; k++) {
                d.submit(SinksTest.alert("r" + k));
            }
            assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(d.failed()).isEqualTo(5);
            assertThat(d.delivered()).isEqualTo(2);
            assertThat(d.sinkErrors()).isEqualTo(5);
        }
    }

    @Test
    void closeWithAStuckSinkKeepsItsBoundCountsEachAlertOnceAndNeverClosesTheSinkInsideAccept() throws Exception {
        StuckSink sink = new StuckSink();
        AlertDelivery d = new AlertDelivery(List.of(sink), 100, Duration.ZERO);
        d.submit(SinksTest.alert("first"));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20; i++) {
            d.submit(SinksTest.alert("queued" + i));
        }
        long start = System.nanoTime();
        d.close(Duration.ofSeconds(1));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The bound: one timeout, not one for the flush and another for the thread (the old 2x took 2 s or more);
        // 0.9 s of slack for a loaded machine.
        assertThat(tookMs).isLessThan(1_900);
        assertThat(d.dropped()).isEqualTo(20);
        assertThat(d.failed()).as("the alert the stuck sink holds").isEqualTo(1);
        assertThat(d.delivered() + d.failed() + d.dropped()).isEqualTo(21);
        assertThat(sink.closed.getCount()).as("not closed while inside accept").isEqualTo(1);

        sink.release.countDown();
        assertThat(sink.closed.await(10, TimeUnit.SECONDS)).as("closed once accept returned").isTrue();
        assertThat(sink.closedDuringAccept).isFalse();
        assertThat(sink.accepted.get()).as("alerts counted dropped are never delivered after all").isEqualTo(1);
        assertThat(d.delivered() + d.failed() + d.dropped()).isEqualTo(21);
        assertThat(d.delivered()).isZero();
    }

    @Test
    void closeDrainsTheQueueBeforeCountingDrops() {
        CollectingSink slowButFine = new CollectingSink();
        AlertSink slow = new AlertSink() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void accept(Alert alert) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowButFine.accept(alert);
            }
        };
        AlertDelivery d = new AlertDelivery(List.of(slow), 100, Duration.ZERO);
        for (int i = 0; i < 50; i++) {
            d.submit(SinksTest.alert("r" + i));
        }
        d.close(Duration.ofSeconds(20));
        assertThat(d.dropped()).isZero();
        assertThat(d.delivered()).isEqualTo(50);
        assertThat(slowButFine.alerts()).hasSize(50);
    }

    @Test
    void theQueueIsBoundedInBytesAsWellAsInAlerts() throws Exception {
        StuckSink sink = new StuckSink();
        String big = "x".repeat(1 << 20); // about 2 MB on the heap per alert
        AlertDelivery d = new AlertDelivery(List.of(sink), 10_000, 8L << 20, Duration.ZERO);
        d.submit(bigAlert(big));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        int queued = 0;
        for (int i = 0; i < 200; i++) {
            if (d.submit(bigAlert(big))) {
                queued++;
            }
        }
        assertThat(queued).isBetween(1, 4);
        assertThat(d.queuedBytes()).isLessThanOrEqualTo(8L << 20);
        assertThat(d.droppedQueueFull()).isEqualTo(200 - queued);
        sink.release.countDown();
        d.close(Duration.ofSeconds(10));
        assertThat(d.delivered() + d.failed() + d.dropped()).isEqualTo(201);
    }

    private static Alert bigAlert(String output) {
        return new Alert(1L, "big", Priority.WARNING, "syscall", "h", output, Map.of(), List.of());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
