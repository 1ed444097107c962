package dev.kestrel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A handoff's consumer that holds its thread on the first item until released, and records what it consumed. */
final class GatedConsumer<T> implements Consumer<T> {

    private final CountDownLatch consuming = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<T> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(T item) {
        consuming.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        seen.add(item);
    }

    /** Waits (up to 10 s) until the consumer holds its first item: what is offered now meets a queue nobody drains. */
    void awaitHolding() throws InterruptedException {
        assertThat(consuming.await(10, TimeUnit.SECONDS)).as("the consumer took its first item").isTrue();
    }

    /** Lets the consumer go on. */
    void release() {
        release.countDown();
    }

    /** What was consumed, in order. */
    List<T> seen() {
        return seen;
    }
}
