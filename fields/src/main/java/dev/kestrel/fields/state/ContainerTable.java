package dev.kestrel.fields.state;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.spi.MetadataProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers and pods, from metadata records in the stream and from {@link MetadataProvider}s, in
 * bounded Caffeine caches that expire unused entries (in event time). A provider lookup runs on the
 * given executor; until it completes the container is known by id only, never an error.
 */
public final class ContainerTable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerTable.class);
    /** How long (event time) an empty answer of the providers stands before they are asked again. */
    static final Duration MISS_RETRY = Duration.ofSeconds(10);
    /** Starts the key of a pod without a uid: no uid starts with a NUL. */
    private static final String NO_UID = "\0";

    private final Cache<String, ContainerMetadata> containers;
    private final Cache<String, PodMetadata> pods;
    private final Cache<String, String> podOfContainer;
    private final AsyncCache<String, Optional<Found>> lookups;
    private final List<MetadataProvider> providers;
    private final Executor executor;
    long evicted;
    /** Evictions because a table was full (the maxContainers/maxPods limit), not because entries expired. */
    long evictedForSize;
    long missed;
    private long version;

    ContainerTable(StateLimits limits, List<MetadataProvider> providers, Executor executor, LongSupplier clock) {
        this.providers = List.copyOf(providers);
        this.executor = executor;
        containers = Caffeine.newBuilder().maximumSize(limits.maxContainers())
                .expireAfterAccess(limits.metadataExpiry()).ticker(clock::getAsLong).executor(Runnable::run)
                .removalListener((String k, ContainerMetadata v, RemovalCause c) -> countEviction(c)).build();
        pods = Caffeine.newBuilder().maximumSize(limits.maxPods())
                .expireAfterAccess(limits.metadataExpiry()).ticker(clock::getAsLong).executor(Runnable::run)
                .removalListener((String k, PodMetadata v, RemovalCause c) -> countEviction(c)).build();
        podOfContainer = Caffeine.newBuilder().maximumSize(limits.maxContainers())
                .expireAfterAccess(limits.metadataExpiry()).ticker(clock::getAsLong).executor(Runnable::run).build();
        long found = nanosAtMost(limits.metadataExpiry());
        long missed = Math.min(found, MISS_RETRY.toNanos());
        // A container no provider knew yet (its runtime had not written its state) is asked about
        // again after MISS_RETRY, not after the whole metadata expiry.
        lookups = this.providers.isEmpty() ? null : Caffeine.newBuilder().maximumSize(limits.maxContainers())
                .expireAfter(new Expiry<String, Optional<Found>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<Found> value, long now) {
                        return value.isPresent() ? found : missed;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Optional<Found> value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Optional<Found> value, long now, long current) {
                        return current;
                    }
                }).ticker(clock::getAsLong).executor(Runnable::run).buildAsync();
    }

    /** {@code d} in nanoseconds, or Long.MAX_VALUE when it is longer than that holds (about 292 years). */
    private static long nanosAtMost(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private synchronized void countEviction(RemovalCause cause) {
        if (cause.wasEvicted()) {
            evicted++;
        }
        if (cause == RemovalCause.SIZE) {
            evictedForSize++;
        }
    }

    /** A change counter: cached container references are valid while it is unchanged. */
    long version() {
        return version;
    }

    void put(ContainerMetadata c) {
        containers.put(c.id(), c);
        if (c.podUid() != null) {
            podOfContainer.put(c.id(), c.podUid());
        }
        version++;
    }

    /** A pod; one without a uid (its runtime did not say) is kept by namespace and name, still without one. */
    void put(PodMetadata p) {
        String key = p.uid() != null ? p.uid() : NO_UID + p.namespace() + "/" + p.name();
        pods.put(key, p);
        for (String id : p.containerIds()) {
            podOfContainer.put(id.length() > 12 ? id.substring(0, 12) : id, key);
        }
        version++;
    }

    /**
     * The metadata of container {@code id}, or null when not known (yet): a provider lookup is then
     * started once, and its result shows from a later event on.
     */
    public ContainerMetadata container(String id) {
        ContainerMetadata c = containers.getIfPresent(id);
        if (c != null) {
            return c;
        }
        if (lookups != null) {
            CompletableFuture<Optional<Found>> f = lookups.get(id,
                    (key, ignored) -> CompletableFuture.supplyAsync(() -> lookUp(key), executor));
            if (f.isDone() && !f.isCompletedExceptionally()) {
                Optional<Found> found = f.join();
                if (found.isPresent()) {
                    put(found.get().container());
                    if (found.get().pod() != null) {
                        put(found.get().pod());
                    }
                    return found.get().container();
                }
            }
        }
        missed++;
        return null;
    }

    /** What a provider lookup found: the container and, when it names one, its pod. */
    private record Found(ContainerMetadata container, PodMetadata pod) {
    }

    /** Runs on the executor, off the event path. */
    private Optional<Found> lookUp(String id) {
        for (MetadataProvider p : providers) {
            try {
                Optional<ContainerMetadata> c = p.container(id);
                if (c.isPresent()) {
                    String podUid = c.get().podUid();
                    PodMetadata pod = (podUid == null ? p.podOfContainer(id) : p.pod(podUid)).orElse(null);
                    return Optional.of(new Found(c.get(), pod));
                }
            } catch (RuntimeException e) {
                LOG.warn("metadata provider {} failed for container {}: {}", p.name(), id, e.toString());
            }
        }
        return Optional.empty();
    }

    /** The pod container {@code id} belongs to, or null. */
    public PodMetadata podOf(String containerId, ContainerMetadata c) {
        String uid = c != null && c.podUid() != null ? c.podUid() : podOfContainer.getIfPresent(containerId);
        if (uid == null) {
            return null;
        }
        return pods.getIfPresent(uid);
    }

    /** Runs pending evictions and expirations now (Caffeine otherwise does it as it goes). */
    public void cleanUp() {
        containers.cleanUp();
        pods.cleanUp();
        podOfContainer.cleanUp();
    }

    public long containerCount() {
        return containers.estimatedSize();
    }

    public long podCount() {
        return pods.estimatedSize();
    }
}
