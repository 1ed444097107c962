package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands alerts to the sinks from one delivery thread, through a bounded queue, so a slow or stuck
 * sink can delay evaluation by at most {@code maxWait} per alert and never stop it. An alert that
 * does not fit in time is dropped and counted; a sink that throws is counted and logged, and the
 * other sinks still get the alert.
 */
public final class AlertDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    private final List<AlertSink> sinks;
    private final BlockingQueue<Alert> queue;
    private final long maxWaitNanos;
    private final Thread thread;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sinkErrors = new LongAdder();
    private final Object progress = new Object();
    private volatile boolean closed;

    /**
     * Starts the delivery thread.
     *
     * @param sinks the sinks, each called in this order for every alert
     * @param capacity how many alerts may wait for delivery
     * @param maxWait how long {@link #submit} may wait for room before dropping the alert (zero: never wait)
     */
    public AlertDelivery(List<AlertSink> sinks, int capacity, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("alert queue capacity must be at least 1, was " + capacity);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("alert queue maxWait must not be negative, was " + maxWait);
        }
        this.sinks = List.copyOf(sinks);
        this.queue = new ArrayBlockingQueue<>(capacity);
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
     * Queues {@code alert} for delivery; returns false (and counts a drop) when the queue stayed full
     * for {@code maxWait} or delivery is closed.
     */
    public boolean submit(Alert alert) {
        boolean queued;
        if (closed) {
            queued = false;
        } else if (maxWaitNanos == 0) {
            queued = queue.offer(alert);
        } else {
            try {
                queued = queue.offer(alert, maxWaitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queued = false;
            }
        }
        if (queued) {
            enqueued.incrementAndGet();
            return true;
        }
        dropped.increment();
        long n = dropped.sum();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn(closed ? "alert delivery is closed: {} alert(s) dropped so far (rule '{}')"
                    : "alert sinks are too slow: {} alert(s) dropped so far (rule '{}')", n, alert.rule());
        }
        return false;
    }

    /** Alerts dropped because the queue was full or delivery was closed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Alerts a sink failed to accept (one per sink and alert). */
    public long sinkErrors() {
        return sinkErrors.sum();
    }

    /** Alerts handed to the sinks so far. */
    public long delivered() {
        return delivered.get();
    }

    /**
     * Waits until every alert queued before this call has been handed to the sinks, or until
     * {@code timeout} passes; returns whether everything was delivered.
     */
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (delivered.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return delivered.get() >= target;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, 50_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Delivers what is queued (waiting at most {@code timeout}), stops the thread and closes every sink. */
    public void close(Duration timeout) {
        flush(timeout);
        closed = true;
        thread.interrupt();
        try {
            thread.join(timeout.toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = queue.size();
        if (left > 0) {
            dropped.add(left);
            LOG.warn("{} alert(s) were still queued when delivery closed and were dropped", left);
        }
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                sinkErrors.increment();
                LOG.warn("alert sink '{}' failed to close: {}", sink.name(), String.valueOf(e));
            }
        }
    }

    /** Same as {@code close(Duration.ofSeconds(10))}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void deliverLoop() {
        while (!closed || !queue.isEmpty()) {
            Alert alert;
            try {
                alert = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            for (AlertSink sink : sinks) {
                try {
                    sink.accept(alert);
                } catch (Exception | LinkageError e) {
                    sinkErrors.increment();
                    long n = sinkErrors.sum();
                    if (n <= 10 || n % 1000 == 0) {
                        LOG.warn("alert sink '{}' failed to deliver an alert of rule '{}' ({} failure(s) so far): {}",
                                sink.name(), alert.rule(), n, String.valueOf(e));
                    }
                }
            }
            delivered.incrementAndGet();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }
}
