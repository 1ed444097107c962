package dev.kestrel.outputs;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.sink.CountedSink;
import dev.kestrel.engine.sink.OutputCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output that sends alerts over HTTP from its own worker thread. {@link #accept} only encodes the
 * alert and puts it in a bounded buffer (by count and bytes), so a slow or dead server fills this
 * output's buffer and nothing else. The worker sends alerts (one by one or in batches), retries
 * connection errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter (honouring
 * Retry-After), gives up after a bound on tries and age, and never retries other answers.
 * {@link #close()} delivers what it can within the flush timeout. Every accepted alert ends up
 * delivered, failed or dropped, and {@link #counters()} says which. Thread-safe.
 *
 * @param <P> one encoded alert, ready to be put in a request
 */
public abstract sealed class NetworkOutput<P> implements CountedSink
        permits HttpOutput, LokiOutput, SlackOutput, WebhookOutput {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkOutput.class);

    /** The longest wait this class computes with: a century, so that sums of System.nanoTime() values cannot overflow. */
    private static final Duration LONGEST_WAIT = Duration.ofDays(36_525);

    /** One encoded alert and its size. */
    record Item<P>(P payload, long bytes) {
    }

    private final String name;
    private final Priority minimum;
    private final DeliveryLimits limits;
    private final HttpClient client;
    private final String target;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item<P>> queue = new ArrayDeque<>();
    private long queuedBytes;
    private List<Item<P>> inFlight;
    private long accepted;
    private long delivered;
    private long retried;
    private long failed;
    private long dropped;
    private boolean closing;
    private boolean closed;
    private long closeDeadline;
    private boolean failing;
    private Thread worker;

    /**
     * @param name the output's name in counters and logs
     * @param minimum alerts less severe than this are not this output's (falcosidekick's {@code minimumpriority})
     * @param target how the server is named in messages: scheme, host and port only, never a secret path
     */
    NetworkOutput(String name, Priority minimum, DeliveryLimits limits, HttpClient client, String target) {
        this.name = Objects.requireNonNull(name, "name");
        this.minimum = Objects.requireNonNull(minimum, "minimum");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.client = Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Starts the worker; subclasses call it last in their constructor. */
    final void start() {
        worker = new Thread(this::work, "kestrel-output-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Encodes one alert for this output's requests. */
    abstract P encode(Alert alert);

    /** The size counted against the buffer's byte bound. */
    abstract long bytes(P payload);

    /** The request that delivers {@code batch} (never empty). */
    abstract HttpRequest request(List<P> batch);

    /** A request builder for {@code uri} with this output's request timeout. */
    final HttpRequest.Builder requestTo(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(limits.requestTimeout());
    }

    @Override
    public final String name() {
        return name;
    }

    /** The least severe priority this output sends. */
    public final Priority minimumPriority() {
        return minimum;
    }

    public final DeliveryLimits limits() {
        return limits;
    }

    /**
     * Buffers {@code alert} for delivery and returns at once; an alert below the minimum priority is
     * ignored (not counted), one that does not fit or comes after close is counted as dropped.
     */
    @Override
    public final void accept(Alert alert) {
        if (!alert.priority().atLeast(minimum)) {
            return;
        }
        Item<P> item;
        try {
            P payload = encode(alert);
            item = new Item<>(payload, bytes(payload));
        } catch (RuntimeException e) {
            lock.lock();
            try {
                accepted++;
                failed++;
            } finally {
                lock.unlock();
            }
            LOG.warn("output '{}' could not encode an alert of rule '{}': {}", name, alert.rule(), String.valueOf(e));
            return;
        }
        long drops;
        lock.lock();
        try {
            accepted++;
            if (!closing && queue.size() < limits.bufferAlerts() && queuedBytes + item.bytes() <= limits.bufferBytes()) {
                queue.addLast(item);
                queuedBytes += item.bytes();
                changed.signalAll();
                return;
            }
            drops = ++dropped;
        } finally {
            lock.unlock();
        }
        if (drops == 1 || drops % 1000 == 0) {
            LOG.warn("output '{}': {} alert(s) dropped so far because its buffer is full ({} alerts / {} bytes) or it is closed",
                    name, drops, limits.bufferAlerts(), limits.bufferBytes());
        }
    }

    @Override
    public final OutputCounters counters() {
        lock.lock();
        try {
            return new OutputCounters(name, accepted, delivered, retried, failed, dropped, pendingLocked());
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is buffered or in flight, at most {@code timeout}; true if so. */
    public final boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + nanos(timeout);
        lock.lock();
        try {
            while (pendingLocked() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting and starts the flush timeout that {@link #close()} waits for. */
    @Override
    public final void startClosing() {
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                closeDeadline = System.nanoTime() + nanos(limits.flushTimeout());
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting, delivers what is buffered within the flush timeout, then counts what is left as
     * failed. Returns within about the flush timeout plus one second whatever the server does.
     */
    @Override
    public final void close() {
        long waitNanos;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        startClosing();
        lock.lock();
        try {
            waitNanos = Math.max(1_000_000L, closeDeadline - System.nanoTime());
        } finally {
            lock.unlock();
        }
        try {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left;
        OutputCounters c;
        lock.lock();
        try {
            left = queue.size();
            failed += left;
            queue.clear();
            queuedBytes = 0;
            if (inFlight != null) {
                failed += inFlight.size();
                left += inFlight.size();
                inFlight = null;
            }
            changed.signalAll();
            c = new OutputCounters(name, accepted, delivered, retried, failed, dropped, 0);
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            LOG.warn("output '{}': {} alert(s) were not delivered within the flush timeout of {} ms and count as failed",
                    name, left, limits.flushTimeout().toMillis());
        }
        if (c.failed() > 0 || c.dropped() > 0) {
            LOG.debug("output '{}' closed: {} delivered, {} retried, {} failed, {} dropped",
                    name, c.delivered(), c.retried(), c.failed(), c.dropped());
        }
    }

    private long pendingLocked() {
        return queue.size() + (inFlight == null ? 0 : inFlight.size());
    }

    /**
     * The worker's loop. An unexpected exception while delivering a batch fails that batch (counted)
     * and the worker goes on with the next one; only an Error or a failure outside delivery stops it.
     */
    private void work() {
        try {
            List<Item<P>> batch;
            while ((batch = nextBatch()) != null) {
                try {
                    deliver(batch);
                } catch (RuntimeException e) {
                    settle(batch, false, "delivery failed unexpectedly (" + e + ")");
                    LOG.debug("output '{}' delivery failure", name, e);
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting; it counts what is left
        } catch (RuntimeException | Error e) {
            LOG.error("output '{}' stopped delivering: {}", name, String.valueOf(e));
            LOG.debug("output '{}' worker failure", name, e);
        }
    }

    private List<Item<P>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                changed.await();
            }
            if (limits.batchAlerts() > 1) {
                long deadline = System.nanoTime() + nanos(limits.batchAge());
                while (queue.size() < limits.batchAlerts() && !closing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
            }
            List<Item<P>> batch = new ArrayList<>(Math.min(queue.size(), limits.batchAlerts()));
            while (!queue.isEmpty() && batch.size() < limits.batchAlerts()) {
                Item<P> item = queue.removeFirst();
                queuedBytes -= item.bytes();
                batch.add(item);
            }
            inFlight = batch;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(List<Item<P>> batch) throws InterruptedException {
        List<P> payloads = new ArrayList<>(batch.size());
        batch.forEach(i -> payloads.add(i.payload()));
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            SendResult result;
            try {
                result = SendResult.send(client, request(payloads), target, limits.maxAge());
            } catch (RuntimeException e) {
                result = new SendResult(SendResult.Kind.REFUSED, "the request could not be made: " + e.getMessage(), null);
            }
            if (result.kind() == SendResult.Kind.DELIVERED) {
                settle(batch, true, null);
                return;
            }
            if (result.kind() == SendResult.Kind.REFUSED) {
                settle(batch, false, result.reason() + " (not retried)");
                return;
            }
            Duration delay = backoff(attempt);
            if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
                delay = result.retryAfter();
            }
            long delayNanos = nanos(delay);
            long now = System.nanoTime();
            String stop = null;
            if (attempt >= limits.maxAttempts()) {
                stop = "gave up after " + attempt + " attempt(s)";
            } else if (delayNanos > nanos(limits.maxAge()) - (now - first)) {
                stop = "gave up: the next try would come after the retry age of " + limits.maxAge().toMillis() + " ms";
            } else if (isClosingPast(now + delayNanos)) {
                stop = "gave up: the output is closing and the flush timeout would pass before the next try";
            }
            if (stop != null) {
                settle(batch, false, result.reason() + " (" + stop + ")");
                return;
            }
            lock.lock();
            try {
                if (inFlight != batch) {
                    return; // close() already counted it
                }
                retried += batch.size();
            } finally {
                lock.unlock();
            }
            waitUnlessClosing(delayNanos);
        }
    }

    /** Waits {@code nanos} before a retry; closing cuts the wait short so the flush tries at once. */
    private void waitUnlessClosing(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            boolean wasClosing = closing;
            while (closing == wasClosing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosingPast(long when) {
        lock.lock();
        try {
            return closing && when - closeDeadline > 0;
        } finally {
            lock.unlock();
        }
    }

    private Duration backoff(int attempt) {
        long initial = nanos(limits.initialBackoff());
        long max = nanos(limits.maxBackoff());
        long base = initial;
        for (int i = 1; i < attempt && base < max; i++) {
            base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
        }
        base = Math.min(base, max);
        if (base <= 1) {
            return Duration.ofNanos(Math.max(base, 0));
        }
        long half = base / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** {@code d} in nanoseconds, at most a century (Duration.toNanos throws past about 292 years). */
    private static long nanos(Duration d) {
        return d.compareTo(LONGEST_WAIT) >= 0 ? LONGEST_WAIT.toNanos() : Math.max(0, d.toNanos());
    }

    private void settle(List<Item<P>> batch, boolean ok, String reason) {
        boolean log;
        long failures;
        lock.lock();
        try {
            if (inFlight != batch) {
                return; // close() already counted it
            }
            inFlight = null;
            if (ok) {
                delivered += batch.size();
            } else {
                failed += batch.size();
            }
            changed.signalAll();
            failures = failed;
            log = ok == failing;
            failing = !ok;
        } finally {
            lock.unlock();
        }
        if (!ok) {
            if (log || failures % 100 == 0) {
                LOG.warn("output '{}': {} alert(s) failed: {} ({} failed so far)", name, batch.size(), reason, failures);
            }
        } else if (log) {
            LOG.info("output '{}' delivers again", name);
        }
    }
}
