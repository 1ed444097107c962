package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New containers watched for their runtime state by {@link OciRuntimeMetadata}'s one polling thread, at most
 * {@code maxWatched} at once (more are counted), and the callers waiting once for it. Thread-safe.
 */
final class RuntimeStateWatch {

    /** {@link OciRuntimeMetadata}'s: its log lines keep their logger. */
    private static final Logger LOG = LoggerFactory.getLogger(OciRuntimeMetadata.class);

    private static final Duration APPEAR_WAIT = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 2;
    /** How long a container whose state a whole watch did not find is not watched again. */
    static final long ABSENT_SECONDS = 30;

    /** A container being watched: polled until {@code deadline}; {@code answer} completes with the first metadata known. */
    private record Watch(String fullId, String cgroupType, long deadline, CompletableFuture<Optional<Found>> answer) {
    }

    private final OciRuntimeMetadata metadata;
    private final RuntimeStateFiles state;
    private final ScheduledExecutorService poller;
    private final int maxWatched;
    private final Cache<String, Boolean> absent;
    private final Cache<String, Boolean> awaited;
    private final ConcurrentHashMap<String, Watch> watching = new ConcurrentHashMap<>();
    private final AtomicInteger watchSlots = new AtomicInteger();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final LongAdder watchesStarted = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder watchesRefused = new LongAdder();

    /**
     * Watches for {@code metadata} what {@code state} holds, polling on {@code poller} (one thread); as
     * {@code metadata}'s caches, at most {@code maxContainers} are remembered, waited for ones for {@code ttl}.
     */
    RuntimeStateWatch(OciRuntimeMetadata metadata, RuntimeStateFiles state, ScheduledExecutorService poller,
            int maxWatched, int maxContainers, Duration ttl) {
        this.metadata = metadata;
        this.state = state;
        this.poller = poller;
        this.maxWatched = maxWatched;
        this.absent = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterWrite(Duration.ofSeconds(ABSENT_SECONDS))
                .build();
        this.awaited = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterAccess(ttl).build();
    }

    /**
     * Starts watching for the state of container {@code fullId} (64 characters; {@code cgroupType} as
     * for {@link OciRuntimeMetadata#lookup(String, String)}) off the caller's thread: the runtime writes it a
     * moment after the container's first process starts, and removes it when the container ends. A watch that
     * ends without the state marks the container absent for 30 s. Past {@code maxWatched} watches under
     * way, the container is counted and not watched.
     */
    void watch(String fullId, String cgroupType) {
        if (!OciRuntimeMetadata.validId(fullId)) {
            return;
        }
        String key = fullId.substring(0, 12);
        if (metadata.confirmed(fullId) != null || absent.getIfPresent(key) != null || watching.containsKey(key)) {
            return;
        }
        if (watchSlots.incrementAndGet() > maxWatched) {
            watchSlots.decrementAndGet();
            watchesRefused.increment();
            return;
        }
        Watch w = new Watch(fullId, cgroupType, System.nanoTime() + APPEAR_WAIT.toNanos(), new CompletableFuture<>());
        if (watching.putIfAbsent(key, w) != null) {
            watchSlots.decrementAndGet();
            return;
        }
        watchesStarted.increment();
        Found p = metadata.provisional(key);
        if (p != null) {
            w.answer().complete(Optional.of(p));
        }
        if (ticking.compareAndSet(false, true)) {
            poller.execute(this::tick);
        }
    }

    /** One round over the watched containers on the polling thread; the next in {@link #POLL_MILLIS} while any is left. */
    private void tick() {
        try {
            List<Path> present = state.presentRoots();
            long now = System.nanoTime();
            for (Map.Entry<String, Watch> e : watching.entrySet()) {
                Watch w = e.getValue();
                Optional<Found> r = state.read(w.fullId(), w.cgroupType(), present);
                if (r.isPresent()) {
                    metadata.keep(e.getKey(), r.get(), w.cgroupType());
                    end(e.getKey(), w, r);
                } else if (now > w.deadline()) {
                    absent.put(e.getKey(), Boolean.TRUE);
                    end(e.getKey(), w, Optional.ofNullable(metadata.provisional(e.getKey())));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("polling for runtime state: {}", e.toString());
        }
        if (watching.isEmpty()) {
            ticking.set(false);
            // a watch added between the test and the reset would otherwise wait for the next one
            if (watching.isEmpty() || !ticking.compareAndSet(false, true)) {
                return;
            }
        }
        poller.schedule(this::tick, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void end(String key, Watch w, Optional<Found> answer) {
        if (watching.remove(key, w)) {
            watchSlots.decrementAndGet();
        }
        w.answer().complete(answer);
    }

    /** Answers a caller waiting for container {@code key} (12 characters), if it is being watched, with {@code f}. */
    void answer(String key, Found f) {
        Watch w = watching.get(key);
        if (w != null) {
            w.answer().complete(Optional.of(f));
        }
    }

    /**
     * Like {@link OciRuntimeMetadata#lookup(String, String)}, but the first call for a container waits (at most
     * {@code max}) for a {@link #watch} under way; later calls never wait, and answer empty while the
     * container is being watched or is marked absent, so a container without state stalls no caller.
     */
    Optional<Found> await(String fullId, String cgroupType, Duration max) {
        if (!OciRuntimeMetadata.validId(fullId)) {
            return Optional.empty();
        }
        String key = fullId.substring(0, 12);
        Optional<Found> known = metadata.known(key);
        if (known.isPresent()) {
            return known;
        }
        Watch w = watching.get(key);
        if (w != null && awaited.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            waits.increment();
            try {
                Optional<Found> r = w.answer().get(max.toMillis(), TimeUnit.MILLISECONDS);
                if (r.isPresent()) {
                    return r;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("waiting for the state of {}: {}", fullId, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        known = metadata.known(key);
        if (known.isPresent() || absent.getIfPresent(key) != null || watching.containsKey(key)) {
            return known;
        }
        return metadata.lookup(fullId, cgroupType);
    }

    /** Whether container {@code fullId}'s state is being watched for (its watch has not ended yet). */
    boolean watching(String fullId) {
        return OciRuntimeMetadata.validId(fullId) && watching.containsKey(fullId.substring(0, 12));
    }

    /** How many watches were started (one per container and absence, however many execs it has). */
    long watchesStarted() {
        return watchesStarted.sum();
    }

    /** How many {@link #await} calls waited for a watch (at most one per container). */
    long waits() {
        return waits.sum();
    }

    /** How many containers were not watched: {@code maxWatched} already were. */
    long watchesRefused() {
        return watchesRefused.sum();
    }
}
