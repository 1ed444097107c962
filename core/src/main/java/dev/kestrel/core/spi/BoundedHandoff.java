package dev.kestrel.core.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue with its own consumer thread, between a sensor's reading thread and evaluation.
 * {@link #offer} waits at most {@code maxWait} for room; an item that still does not fit is dropped
 * and counted, so a slow evaluation slows the sensor down by a bounded amount and loses nothing
 * silently. Items must be immutable (they cross threads).
 */
public final class BoundedHandoff<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedHandoff.class);

    /** Marks the end of the stream in the queue. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final long maxWaitNanos;
    private final Consumer<T> consumer;
    private final Thread thread;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder consumerErrors = new LongAdder();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean ended;

    /**
     * @param capacity how many items may wait
     * @param maxWait how long {@link #offer} may wait for room before dropping
     * @param consumer called on the handoff's thread for each item, in order
     * @param threadName the consumer thread's name
     */
    public BoundedHandoff(int capacity, Duration maxWait, Consumer<T> consumer, String threadName) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxWaitNanos = maxWait.toNanos();
        this.consumer = consumer;
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code item}; false (and counted as dropped) when there was no room in time or after {@link #end}. */
    public boolean offer(T item) {
        if (ended) {
            dropped.increment();
            return false;
        }
        try {
            if (queue.offer(item, maxWaitNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.increment();
        return false;
    }

    /** No more items will come: the consumer delivers what is queued and then stops. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        boolean put = false;
        while (!put) {
            try {
                queue.put(END);
                put = true;
            } catch (InterruptedException e) {
                // The end marker must reach the consumer: make room, counting what is given up.
                Thread.currentThread().interrupt();
                dropped.add(queue.drainTo(new ArrayList<>()));
            }
        }
    }

    /** Waits until every item queued before {@link #end} was consumed; true when that happened in time. */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Items dropped because the queue stayed full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Items handed to the consumer. */
    public long delivered() {
        return delivered.sum();
    }

    /** Items whose consumer call threw (logged, then skipped). */
    public long consumerErrors() {
        return consumerErrors.sum();
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        try {
            while (true) {
                Object item = queue.take();
                if (item == END) {
                    return;
                }
                try {
                    consumer.accept((T) item);
                    delivered.increment();
                } catch (RuntimeException e) {
                    consumerErrors.increment();
                    long n = consumerErrors.sum();
                    if (n <= 10 || n % 1000 == 0) {
                        LOG.warn("an item could not be processed and was skipped ({} so far): {}", n, String.valueOf(e));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }
}
