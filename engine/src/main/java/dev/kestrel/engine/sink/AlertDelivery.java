package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands alerts to the sinks from one delivery thread through a queue bounded in alerts and in bytes,
 * so a slow or stuck sink delays a caller of {@link #submit} by at most {@code maxWait} and never
 * stops it. Every alert submitted ends up counted exactly once: delivered (every sink took it),
 * failed (a sink threw, whatever it threw) or dropped (no room in time, or delivery closed).
 *
 * <p>Thread safety: {@link #submit}, {@link #flush} and the counters may be called from any thread.
 * Sinks are called from the delivery thread only, one alert at a time, and a sink is never closed
 * while it is inside {@code accept}.
 */
public final class AlertDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    private final List<AlertSink> sinks;
    private final int capacity;
    private final long maxQueuedBytes;
    private final long maxWaitNanos;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedClosed = new LongAdder();
    private final LongAdder sinkErrors = new LongAdder();
    // Guarded by lock.
    private long queuedBytes;
    private long submitted;
    private long settled;
    private long delivered;
    private long failed;
    private boolean closing;
    private boolean inAccept;
    private boolean abandoned;
    private boolean sinksClosed;

    private record Queued(Alert alert, long bytes) {
    }

    /**
     * Starts the delivery thread with a queue of at most {@code capacity} alerts and 64 MiB.
     *
     * @param sinks the sinks, each called in this order for every alert
     * @param capacity how many alerts may wait for delivery
     * @param maxWait how long {@link #submit} may wait for room before dropping the alert (zero: never wait)
     * @throws IllegalArgumentException when capacity is below 1 or maxWait is negative
     */
    public AlertDelivery(List<AlertSink> sinks, int capacity, Duration maxWait) {
        this(sinks, capacity, 64L << 20, maxWait);
    }

    /**
     * Starts the delivery thread.
     *
     * @param sinks the sinks, each called in this order for every alert
     * @param capacity how many alerts may wait for delivery
     * @param maxQueuedBytes how many bytes of alerts (as {@link AlertSize} estimates them) may wait
     * @param maxWait how long {@link #submit} may wait for room before dropping the alert (zero: never wait)
     * @throws IllegalArgumentException when a bound is below 1 or maxWait is negative
     */
    public AlertDelivery(List<AlertSink> sinks, int capacity, long maxQueuedBytes, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("alert queue capacity must be at least 1, was " + capacity);
        }
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("alert queue bytes must be at least 1, was " + maxQueuedBytes);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("alert queue maxWait must not be negative, was " + maxWait);
        }
        this.sinks = List.copyOf(sinks);
        this.capacity = capacity;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxWaitNanos = maxWait.toNanos();
        this.thread = new Thread(this::deliverLoop, "kestrel-alert-delivery");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The sinks alerts go to. */
    public List<AlertSink> sinks() {
        return sinks;
    }

    /**
     * Queues {@code alert} for delivery; returns false (and counts a drop) when there was no room
     * within {@code maxWait} or delivery is closed.
     */
    public boolean submit(Alert alert) {
        return submit(alert, System.nanoTime() + maxWaitNanos);
    }

    /**
     * Queues {@code alert}, waiting for room until {@code deadlineNanos} ({@link System#nanoTime()}
     * time) at most; returns false and counts a drop when there was none.
     */
    public boolean submit(Alert alert, long deadlineNanos) {
        long bytes = AlertSize.bytes(alert);
        boolean queued = false;
        boolean closedNow;
        lock.lock();
        try {
            submitted++;
            try {
                while (!closing && !fits(bytes)) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    notFull.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closedNow = closing;
            if (!closing && fits(bytes)) {
                queue.addLast(new Queued(alert, bytes));
                queuedBytes += bytes;
                queued = true;
                notEmpty.signal();
            } else {
                settled++;
                progress.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (!queued) {
            countDrop(alert, closedNow);
        }
        return queued;
    }

    /** True if an alert of {@code bytes} fits now; one alert always fits into an empty queue. */
    private boolean fits(long bytes) {
        return queue.size() < capacity && (queue.isEmpty() || queuedBytes + bytes <= maxQueuedBytes);
    }

    private void countDrop(Alert alert, boolean closed) {
        dropped.increment();
        (closed ? droppedClosed : droppedFull).increment();
        long n = dropped.sum();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn(closed ? "alert delivery is closed: {} alert(s) dropped so far (rule '{}')"
                    : "alert sinks are too slow: {} alert(s) dropped so far (rule '{}')", n, alert.rule());
        }
    }

    /** Alerts dropped: no room in time, delivery closed, or still queued when close gave up. */
    public long dropped() {
        return dropped.sum();
    }

    /** Alerts dropped because the queue stayed full (in alerts or bytes) for the whole wait. */
    public long droppedQueueFull() {
        return droppedFull.sum();
    }

    /** Alerts dropped because delivery was closed (submitted after, or still queued at the end of close). */
    public long droppedClosed() {
        return droppedClosed.sum();
    }

    /** Failures of sinks (one per sink and alert, and per failed close). */
    public long sinkErrors() {
        return sinkErrors.sum();
    }

    /** Alerts every sink accepted. */
    public long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /** Alerts at least one sink failed to accept (or that a stuck sink still held when close gave up). */
    public long failed() {
        lock.lock();
        try {
            return failed;
        } finally {
            lock.unlock();
        }
    }

    /** Alerts submitted so far: delivered + failed + dropped + those still queued or in a sink. */
    public long submitted() {
        lock.lock();
        try {
            return submitted;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of alerts waiting in the queue now. */
    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every alert submitted before this call was delivered, failed or dropped, or until
     * {@code timeout} passes; returns whether they all were.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = submitted;
            while (settled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting alerts, delivers what is queued, then closes every sink, all within
     * {@code timeout}. When a sink is still busy at the deadline, the alerts left in the queue are
     * counted as dropped, the one the sink holds as failed, and the sinks are closed by the delivery
     * thread once that sink returns (never while it is inside {@code accept}).
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left = 0;
        boolean closeHere;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            notFull.signalAll();
            notEmpty.signalAll();
            while (!queue.isEmpty() || inAccept) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                progress.awaitNanos(wait);
            }
            left = queue.size();
            queue.clear();
            queuedBytes = 0;
            settled += left;
            if (inAccept) {
                abandoned = true; // the delivery thread closes the sinks when the stuck sink returns
                failed++;
                settled++;
            }
            closeHere = !inAccept && !sinksClosed;
            sinksClosed = true;
            progress.signalAll();
            notEmpty.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeHere = false;
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            dropped.add(left);
            droppedClosed.add(left);
            LOG.warn("{} alert(s) were still queued when delivery closed and were dropped", left);
        }
        if (closeHere) {
            closeSinks();
        } else {
            LOG.warn("an alert sink was still busy when delivery closed; it is closed when it returns");
        }
    }

    /** Same as {@code close(Duration.ofSeconds(10))}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void closeSinks() {
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Throwable e) {
                sinkErrors.increment();
                LOG.warn("alert sink '{}' failed to close: {}", sink.name(), String.valueOf(e));
            }
        }
    }

    private void deliverLoop() {
        while (true) {
            Alert alert;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    notEmpty.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return; // closing and drained; close() closes the sinks
                }
                Queued q = queue.pollFirst();
                queuedBytes -= q.bytes();
                alert = q.alert();
                inAccept = true;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            boolean ok = deliver(alert);
            boolean closeNow;
            lock.lock();
            try {
                inAccept = false;
                closeNow = abandoned && queue.isEmpty();
                if (!abandoned) {
                    if (ok) {
                        delivered++;
                    } else {
                        failed++;
                    }
                    settled++;
                }
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            if (closeNow) {
                closeSinks();
                return;
            }
        }
    }

    /** Hands one alert to every sink; false when one of them threw (anything at all). */
    private boolean deliver(Alert alert) {
        boolean ok = true;
        for (AlertSink sink : sinks) {
            try {
                sink.accept(alert);
            } catch (Throwable e) {
                ok = false;
                sinkErrors.increment();
                long n = sinkErrors.sum();
                if (n <= 10 || n % 1000 == 0) {
                    LOG.warn("alert sink '{}' failed to deliver an alert of rule '{}' ({} failure(s) so far): {}",
                            sink.name(), alert.rule(), n, String.valueOf(e));
                }
                LOG.debug("alert sink failure", e);
            }
        }
        return ok;
    }
}
