package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps every alert it receives in memory, for tests and for hosts that look at alerts after a run.
 * Thread-safe: {@link #alerts()} returns a snapshot while delivery goes on; unbounded, so use it for
 * finite streams only.
 *
 * <pre>{@code
 * CollectingSink sink = new CollectingSink();
 * try (Kestrel k = Kestrel.builder().defaultRules().sink(sink).build()) { k.process(event); k.flush(Duration.ofSeconds(5)); }
 * assertThat(sink.rules()).contains("Terminal shell in container");
 * }</pre>
 */
public final class CollectingSink implements AlertSink {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<Alert> alerts = new ArrayList<>();
    private boolean closed;

    /** A sink called {@code collecting}. */
    public CollectingSink() {
        this("collecting");
    }

    /** A sink called {@code name} in counters and logs. */
    public CollectingSink(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void accept(Alert alert) {
        lock.lock();
        try {
            alerts.add(alert);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The alerts received so far, in delivery order (a copy). */
    public List<Alert> alerts() {
        lock.lock();
        try {
            return List.copyOf(alerts);
        } finally {
            lock.unlock();
        }
    }

    /** The rule names of the alerts received so far, in delivery order. */
    public List<String> rules() {
        return alerts().stream().map(Alert::rule).toList();
    }

    /** Waits until at least {@code count} alerts arrived or {@code timeout} passed; true if they did. */
    public boolean await(int count, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (alerts.size() < count) {
                if (left <= 0) {
                    return false;
                }
                left = added.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the alerts received so far. */
    public void clear() {
        lock.lock();
        try {
            alerts.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the engine closed this sink. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
