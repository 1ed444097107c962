package dev.kestrel.core.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue with its own consumer thread, between a sensor's reading thread and evaluation.
 * It holds at most {@code capacity} items and, when given a size for each, at most {@code maxBytes}
 * bytes of them. {@link #offer} waits at most {@code maxWait} for room; an item that still does not
 * fit is dropped and counted, so a slow evaluation slows the sensor down by a bounded amount and
 * loses nothing silently. Items must be immutable (they cross threads).
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
    private final LongAdder droppedOverBytes = new LongAdder();
    private final LongAdder droppedAtEnd = new LongAdder();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean ended;
    /** {@link #abandon} was called: the consumer takes no more items. */
    private volatile boolean abandoned;
    /** Set by {@link #stopWaiting}: a full queue refuses at once. */
    private volatile boolean noWait;
    private final long maxBytes;
    private final ToLongFunction<? super T> sizeOf;
    /** Bytes of the items waiting: taken without a lock; the lock only serves offers that wait for bytes. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger bytesWaiters = new AtomicInteger();
    private final ReentrantLock bytesLock = new ReentrantLock();
    private final Condition bytesFreed = bytesLock.newCondition();

    /**
     * @param capacity how many items may wait
     * @param maxWait how long {@link #offer} may wait for room before dropping
     * @param consumer called on the handoff's thread for each item, in order
     * @param threadName the consumer thread's name
     */
    public BoundedHandoff(int capacity, Duration maxWait, Consumer<T> consumer, String threadName) {
        this(capacity, Long.MAX_VALUE, null, maxWait, consumer, threadName);
    }

    /**
     * A handoff that also holds at most {@code maxBytes} bytes of items, each of {@code sizeOf} bytes
     * (asked once when offered and once when consumed, so it must give the same answer for an item).
     *
     * @param capacity how many items may wait
     * @param maxBytes how many bytes of items may wait (an item larger than that is always dropped)
     * @param sizeOf an item's size in bytes (an estimate of the memory it holds); null: no byte budget
     * @param maxWait how long {@link #offer} may wait for room before dropping
     * @param consumer called on the handoff's thread for each item, in order
     * @param threadName the consumer thread's name
     */
    public BoundedHandoff(int capacity, long maxBytes, ToLongFunction<? super T> sizeOf, Duration maxWait,
                          Consumer<T> consumer, String threadName) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = sizeOf == null ? Long.MAX_VALUE : maxBytes;
        this.sizeOf = sizeOf;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxWaitNanos = maxWait.toNanos();
        this.consumer = consumer;
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues {@code item}; false (and counted as dropped) when there was no room in time (too many
     * items, or too many bytes) or after {@link #end}.
     */
    public boolean offer(T item) {
        if (ended) {
            dropped.increment();
            droppedAtEnd.increment();
            return false;
        }
        long deadline = System.nanoTime() + (noWait ? 0 : maxWaitNanos);
        long size = bytesOf(item);
        boolean reserved = false;
        try {
            if (sizeOf != null && !reserve(size, deadline)) {
                droppedOverBytes.increment();
                dropped.increment();
                return false;
            }
            reserved = true;
            if (queue.offer(item, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (abandoned && queue.remove(item)) {
                    // It got in after the consumer's last look: given up like the rest (else taken and counted there).
                    release(size);
                    dropped.increment();
                    droppedAtEnd.increment();
                    return false;
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reserved) {
            release(size);
        }
        dropped.increment();
        return false;
    }

    /** Takes {@code size} bytes of the budget, waiting until {@code deadline} for them; false when they did not come. */
    private boolean reserve(long size, long deadline) throws InterruptedException {
        if (size > maxBytes) {
            return false;
        }
        if (tryReserve(size)) {
            return true;
        }
        bytesLock.lock();
        // Counted as waiting before the next try, so a release after that try signals.
        bytesWaiters.incrementAndGet();
        try {
            while (!tryReserve(size)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                bytesFreed.awaitNanos(left);
            }
            return true;
        } finally {
            bytesWaiters.decrementAndGet();
            bytesLock.unlock();
        }
    }

    private boolean tryReserve(long size) {
        while (true) {
            long now = queuedBytes.get();
            if (now + size > maxBytes) {
                return false;
            }
            if (queuedBytes.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    /** An item's bytes for the budget (never negative), or 0 without a byte budget. */
    private long bytesOf(T item) {
        return sizeOf == null ? 0 : Math.max(0, sizeOf.applyAsLong(item));
    }

    /** Gives {@code size} bytes back to the budget, waking offers that wait for bytes. */
    private void release(long size) {
        if (size == 0) {
            return;
        }
        queuedBytes.addAndGet(-size);
        if (bytesWaiters.get() > 0) {
            bytesLock.lock();
            try {
                bytesFreed.signalAll();
            } finally {
                bytesLock.unlock();
            }
        }
    }

    /**
     * No more items will come: the consumer delivers what is queued and then stops. When the queue
     * is full, it waits for room; called on an interrupted thread (or interrupted while it waits), it
     * gives up the queued items instead, counted as dropped, so that the end still reaches the
     * consumer, and keeps the interrupt.
     */
    @SuppressWarnings("unchecked")
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (queue.offer(END)) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                List<Object> given = new ArrayList<>();
                queue.drainTo(given);
                dropped.add(given.size());
                droppedAtEnd.add(given.size());
                for (Object o : given) {
                    release(bytesOf((T) o));
                }
                if (queue.offer(END)) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives up the items still queued, for a stop that cannot wait any longer for a slow consumer: they
     * and any item offered from now on are counted as dropped (and in {@link #droppedAtEnd()}), the
     * consumer takes no further item, and nothing blocks. Returns how many queued items were given up;
     * an item the consumer holds already is still consumed.
     */
    public long abandon() {
        abandoned = true;
        ended = true;
        long items = giveUp();
        // An offer that passed its check before the end may fill the room again: the end must still get in.
        while (!queue.offer(END)) {
            items += giveUp();
        }
        return items;
    }

    /** Takes every item queued now (but the end), counting each as dropped at the end; how many. */
    @SuppressWarnings("unchecked")
    private long giveUp() {
        List<Object> given = new ArrayList<>();
        queue.drainTo(given);
        long items = 0;
        for (Object o : given) {
            if (o != END) {
                items++;
                release(bytesOf((T) o));
            }
        }
        dropped.add(items);
        droppedAtEnd.add(items);
        return items;
    }

    /** Waits until every item queued before {@link #end} was consumed; true when that happened in time. */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Items dropped because the queue stayed full (of items or of bytes), or came after {@link #end}. */
    public long dropped() {
        return dropped.sum();
    }

    /** Of {@link #dropped()}, the items dropped because the byte budget stayed full or was smaller than the item. */
    public long droppedOverBytes() {
        return droppedOverBytes.sum();
    }

    /** Of {@link #dropped()}, the items given up by {@link #abandon} or offered after {@link #end}. */
    public long droppedAtEnd() {
        return droppedAtEnd.sum();
    }

    /** Bytes of the items waiting now (0 without a byte budget). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * From now on an offer that finds no room is refused at once (counted as dropped) instead of waiting:
     * for a producer that must keep reading, such as a source whose process can end only once its output
     * was read.
     */
    public void stopWaiting() {
        noWait = true;
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
                    if (abandoned) {
                        giveUp();  // offers that slipped in behind the end: counted, not lost
                    }
                    return;
                }
                release(bytesOf((T) item));
                if (abandoned) {
                    dropped.increment();
                    droppedAtEnd.increment();
                    continue;
                }
                try {
                    consumer.accept((T) item);
                    delivered.increment();
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    // An error inside one item's processing skips that item, counted; the thread goes on, so
                    // what is queued behind it is still delivered or counted.
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
