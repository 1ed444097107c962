package dev.kestrel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BoundedHandoffTest {

    @Test
    void deliversInOrderAndDrainsOnEnd() throws InterruptedException {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(4, Duration.ofSeconds(5), seen::add, "test-handoff");
        for (int i = 0; i < 100; i++) {
            assertThat(h.offer(i)).isTrue();
        }
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).hasSize(100).isSorted();
        assertThat(h.delivered()).isEqualTo(100);
        assertThat(h.dropped()).isZero();
    }

    @Test
    void aStuckConsumerMakesOffersDropAndCountInsteadOfBlockingForever() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        BoundedHandoff<Integer> h = new BoundedHandoff<>(2, Duration.ZERO, i -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-stuck");
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += h.offer(i) ? 1 : 0;
        }
        // At most one item is being consumed and two wait; the rest were dropped.
        assertThat(accepted).isBetween(2, 3);
        assertThat(h.dropped()).isEqualTo(10 - accepted);
        release.countDown();
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(h.offer(99)).isFalse();
        assertThat(h.dropped()).isEqualTo(11 - accepted);
    }

    @Test
    void aFailingConsumerIsCountedAndTheStreamGoesOn() throws InterruptedException {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(8, Duration.ofSeconds(5), i -> {
            if (i == 1) {
                throw new IllegalStateException("boom");
            }
            seen.add(i);
        }, "test-failing");
        h.offer(0);
        h.offer(1);
        h.offer(2);
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly(0, 2);
        assertThat(h.consumerErrors()).isEqualTo(1);
    }

    /** A rule so deep that evaluating it overflows the stack loses that item only, counted; the rest follow. */
    @Test
    void aStackOverflowInTheConsumerIsCountedAndTheStreamGoesOn() throws InterruptedException {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(8, Duration.ofSeconds(5), i -> {
            if (i == 1) {
                throw new StackOverflowError();
            }
            seen.add(i);
        }, "test-overflow");
        for (int i = 0; i < 4; i++) {
            h.offer(i);
        }
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly(0, 2, 3);
        assertThat(h.consumerErrors()).isEqualTo(1);
        assertThat(h.delivered() + h.dropped() + h.consumerErrors()).isEqualTo(4);
    }

    /** A producer that must keep reading (a source shutting down) gets a refusal at once, counted, not a wait. */
    @Test
    void afterStopWaitingAFullQueueRefusesAtOnceAndCountsIt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        BoundedHandoff<Integer> h = new BoundedHandoff<>(1, Duration.ofMinutes(10), i -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-no-wait");
        assertThat(h.offer(0)).isTrue();
        // item 0 is held by the consumer, item 1 fills the queue
        assertThat(assertTimeoutPreemptively(Duration.ofMinutes(2), () -> h.offer(1))).isTrue();
        h.stopWaiting();
        // without stopWaiting this offer would wait 10 minutes; the bound only guards against a hang
        boolean accepted = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> h.offer(2));
        assertThat(accepted).isFalse();
        assertThat(h.dropped()).isEqualTo(1);
        release.countDown();
        h.end();
        assertThat(h.await(Duration.ofSeconds(30))).isTrue();
        assertThat(h.delivered()).as("the two that got in").isEqualTo(2);
        assertThat(h.delivered() + h.dropped()).as("every offer delivered or counted").isEqualTo(3);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new BoundedHandoff<Integer>(0, Duration.ZERO, i -> { }, "x"))
                .hasMessage("capacity must be positive, was 0");
    }

    @Test
    void endOnAnInterruptedThreadEndsAndKeepsTheInterrupt() throws InterruptedException {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(4, Duration.ofSeconds(5), seen::add, "test-interrupted");
        h.offer(1);
        boolean[] stillInterrupted = new boolean[1];
        Thread ender = new Thread(() -> {
            Thread.currentThread().interrupt();
            h.end();
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        ender.start();
        ender.join(10_000);
        assertThat(ender.isAlive()).as("end() returned").isFalse();
        assertThat(stillInterrupted[0]).isTrue();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly(1);
        assertThat(h.dropped()).isZero();
    }

    @Test
    void endOnAnInterruptedThreadWithAFullQueueGivesUpTheQueuedItemsCounted() throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(2, Duration.ofSeconds(5), consumer, "test-interrupted-full");
        h.offer(0);
        consumer.awaitHolding();
        h.offer(1);
        h.offer(2);
        Thread ender = new Thread(() -> {
            Thread.currentThread().interrupt();
            h.end();
        });
        ender.start();
        ender.join(10_000);
        assertThat(ender.isAlive()).as("end() returned").isFalse();
        consumer.release();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.seen()).containsExactly(0);
        assertThat(h.dropped()).isEqualTo(2);
        assertThat(h.delivered() + h.dropped()).isEqualTo(3);
    }

    @Test
    void aByteBudgetDropsWhatWouldNotFitAndCountsWhy() throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        // Items are their own size in bytes; 100 bytes and 10 items may wait.
        BoundedHandoff<Integer> h = new BoundedHandoff<>(10, 100, i -> i, Duration.ZERO, consumer, "test-bytes");
        assertThat(h.offer(1)).isTrue();
        consumer.awaitHolding();
        assertThat(h.offer(60)).isTrue();
        assertThat(h.offer(50)).as("60 + 50 > 100").isFalse();
        assertThat(h.offer(40)).isTrue();
        assertThat(h.offer(101)).as("larger than the whole budget").isFalse();
        assertThat(h.queuedBytes()).isEqualTo(100);
        assertThat(h.dropped()).isEqualTo(2);
        assertThat(h.droppedOverBytes()).isEqualTo(2);
        consumer.release();
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.seen()).containsExactly(1, 60, 40);
        assertThat(h.queuedBytes()).isZero();
    }

    @Test
    void aByteBudgetMustBePositive() {
        assertThatThrownBy(() -> new BoundedHandoff<Integer>(1, 0, i -> i, Duration.ZERO, i -> { }, "x"))
                .hasMessage("maxBytes must be positive, was 0");
    }

    @Test
    void anOfferInterruptedWhileItWaitsForBytesLeavesTheBudgetAsItWas() throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(10, 100, i -> i, Duration.ofSeconds(30), consumer, "test-bytes-wait");
        h.offer(1);
        consumer.awaitHolding();
        assertThat(h.offer(80)).isTrue();
        boolean[] accepted = {true};
        Thread waiting = new Thread(() -> accepted[0] = h.offer(50));
        waiting.start();
        // let it reach the wait for bytes, then interrupt it
        Thread.sleep(200);
        waiting.interrupt();
        waiting.join(10_000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(accepted[0]).isFalse();
        assertThat(h.queuedBytes()).isEqualTo(80);
        assertThat(h.dropped()).isEqualTo(1);
        consumer.release();
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.seen()).containsExactly(1, 80);
        assertThat(h.queuedBytes()).isZero();
    }

    @Test
    void abandoningGivesUpTheQueuedItemsCountedAndTheConsumerTakesNoMore() throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(10, 100, i -> 10, Duration.ZERO, consumer, "test-abandon");
        h.offer(0);
        consumer.awaitHolding();
        h.offer(1);
        h.offer(2);
        h.offer(3);
        h.end();
        assertThat(h.await(Duration.ofMillis(100))).as("the consumer holds its first item").isFalse();
        assertThat(h.abandon()).isEqualTo(3);
        assertThat(h.queuedBytes()).isZero();
        assertThat(h.offer(4)).isFalse();
        consumer.release();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.seen()).as("only the item it held").containsExactly(0);
        assertThat(h.dropped()).isEqualTo(4);
        assertThat(h.droppedAtEnd()).isEqualTo(4);
        assertThat(h.delivered() + h.dropped() + h.consumerErrors()).isEqualTo(5);
    }

    @Test
    void abandoningAFullQueueThatWasNeverEndedReturnsAtOnceAndEndsTheConsumer() throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        BoundedHandoff<Integer> h = new BoundedHandoff<>(2, Duration.ZERO, consumer, "test-abandon-full");
        h.offer(0);
        consumer.awaitHolding();
        h.offer(1);
        h.offer(2);
        assertThat(h.offer(3)).as("full").isFalse();
        assertThat(h.abandon()).isEqualTo(2);
        consumer.release();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(h.dropped()).isEqualTo(3);
        assertThat(h.droppedAtEnd()).as("the full queue's drop is not one at the end").isEqualTo(2);
        assertThat(h.delivered()).isEqualTo(1);
    }

    /**
     * An offer waiting for room while the queue is abandoned gets in behind the end: it was once
     * neither consumed nor counted. Every item offered is delivered or dropped, however the two race.
     */
    @Test
    void anOfferRacingAnAbandonIsStillCountedOnce() throws InterruptedException {
        for (int round = 0; round < 300; round++) {
            GatedConsumer<Integer> consumer = new GatedConsumer<>();
            BoundedHandoff<Integer> h = new BoundedHandoff<>(4, Duration.ofMillis(50), consumer, "test-abandon-race");
            h.offer(0);
            consumer.awaitHolding();
            for (int i = 1; i <= 4; i++) {
                h.offer(i);
            }
            Thread late = new Thread(() -> h.offer(99));
            late.start();
            h.abandon();
            late.join();
            consumer.release();
            assertThat(h.await(Duration.ofSeconds(10))).as("round %d: the consumer ended", round).isTrue();
            assertThat(h.delivered() + h.dropped() + h.consumerErrors()).as("round %d", round).isEqualTo(6);
        }
    }
}
