package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.spi.MetadataProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container and pod metadata read from the OCI runtime's state on this node, as a DaemonSet reads
 * it ({@link RuntimeStateFiles}: runc's and crun's state directories under the roots containerd,
 * Docker, CRI-O and podman give them), and early from the bundle a runtime is told to create
 * ({@link TrustedBundle}), which is provisional until the runtime's state replaces it. Results are
 * cached (Caffeine): a found container for {@code ttl} after it was last asked for, so a container
 * that vanished keeps its metadata until then; a miss for a short while. One thread polls for the
 * state of at most {@code maxWatched} new containers at once ({@link RuntimeStateWatch}); a container whose
 * state a whole {@link #watch} did not find is left alone for 30 s, and a caller waits at most once (see {@link #await}).
 * Thread-safe; lookups read small files and may block briefly.
 */
public final class OciRuntimeMetadata implements MetadataProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OciRuntimeMetadata.class);

    /** Where runc and crun keep their state when run directly, by containerd (k8s.io, default and moby namespaces), Docker, CRI-O and podman. */
    public static final List<Path> DEFAULT_ROOTS = List.of(Path.of("/run/runc"), Path.of("/run/containerd/runc/k8s.io"),
            Path.of("/run/containerd/runc/default"), Path.of("/run/containerd/runc/moby"),
            Path.of("/run/docker/runtime-runc/moby"), Path.of("/run/crun"));

    /** How many containers are watched for their state (and bundles read) at once by default; more are counted, not watched. */
    public static final int DEFAULT_MAX_WATCHED = 64;

    private static final Duration MISS_TTL = Duration.ofMillis(500);

    /**
     * What one lookup found: {@code provisional} when it came from a bundle, not from the runtime's state;
     * {@code cgroups}, where the runtime's own state says it put the container ({@link RecordedCgroups#NONE}: not said).
     */
    record Found(ContainerMetadata container, PodMetadata pod, boolean provisional, RecordedCgroups cgroups) {

        /** What a lookup found, with no record of the container's cgroups. */
        Found(ContainerMetadata container, PodMetadata pod, boolean provisional) {
            this(container, pod, provisional, RecordedCgroups.NONE);
        }
    }

    /** How long Docker has to describe a container. */
    static final Duration DOCKER_TIMEOUT = Duration.ofMillis(500);
    /** How long after no answer Docker is asked again (it answers once the container has started). */
    static final Duration DOCKER_RETRY = Duration.ofSeconds(2);
    /** How many times Docker is asked again before what the state says is taken as it is. */
    static final int DOCKER_TRIES = 5;

    private final RuntimeStateFiles state;
    private final DockerEngine docker;
    private final int maxWatched;
    private final Cache<String, Found> found;
    private final Cache<String, Found> provisional;
    private final Cache<String, Boolean> missed;
    private final AtomicInteger bundleSlots = new AtomicInteger();
    private final LongAdder bundlesRefused = new LongAdder();
    /** Containers Docker is being asked about again (one chain of retries each). */
    private final Set<String> dockerRetries = ConcurrentHashMap.newKeySet();
    private final LongAdder dockerGivenUp = new LongAdder();
    private final LongAdder bundlesUnreadable = new LongAdder();
    private final ScheduledThreadPoolExecutor poller;
    private final RuntimeStateWatch watches;

    /** Reads the {@link #DEFAULT_ROOTS}; found containers are kept 10 minutes after their last use. */
    public OciRuntimeMetadata() {
        this(DEFAULT_ROOTS, Duration.ofMinutes(10), 10_000);
    }

    /**
     * @param roots the runtime state roots, searched in order
     * @param ttl how long a found container is kept after it was last asked for
     * @param maxContainers how many containers the cache holds
     */
    public OciRuntimeMetadata(List<Path> roots, Duration ttl, int maxContainers) {
        this(roots, ttl, maxContainers, DEFAULT_MAX_WATCHED, 0);
    }

    /**
     * As above, watching at most {@code maxWatched} containers at once, and reading only bundles
     * owned by uid {@code bundleOwner} (root on a node; tests pass their own).
     */
    OciRuntimeMetadata(List<Path> roots, Duration ttl, int maxContainers, int maxWatched, int bundleOwner) {
        this(roots, ttl, maxContainers, maxWatched, bundleOwner, DockerEngine.DEFAULT_SOCKET);
    }

    /** As above, asking the Docker Engine API at {@code dockerSocket} about Docker's containers. */
    OciRuntimeMetadata(List<Path> roots, Duration ttl, int maxContainers, int maxWatched, int bundleOwner, Path dockerSocket) {
        this.docker = new DockerEngine(dockerSocket, DOCKER_TIMEOUT);
        this.state = new RuntimeStateFiles(roots, bundleOwner, docker);
        this.maxWatched = maxWatched;
        this.found = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterAccess(ttl).build();
        this.provisional = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterAccess(ttl).build();
        this.missed = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterWrite(MISS_TTL).build();
        this.poller = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kestrel-oci-state");
            t.setDaemon(true);
            return t;
        });
        poller.setKeepAliveTime(5, TimeUnit.SECONDS);
        poller.allowCoreThreadTimeOut(true);
        this.watches = new RuntimeStateWatch(this, state, poller, maxWatched, maxContainers, ttl);
    }

    @Override
    public String name() {
        return "oci-runtime";
    }

    @Override
    public Optional<ContainerMetadata> container(String containerId) {
        return lookup(containerId).map(Found::container);
    }

    @Override
    public Optional<PodMetadata> podOfContainer(String containerId) {
        return lookup(containerId).map(Found::pod);
    }

    @Override
    public Optional<PodMetadata> pod(String podUid) {
        for (Cache<String, Found> cache : List.of(found, provisional)) {
            for (Found f : cache.asMap().values()) {
                if (f.pod() != null && podUid.equals(f.pod().uid())) {
                    return Optional.of(f.pod());
                }
            }
        }
        return Optional.empty();
    }

    /** The container whose id is or starts with {@code id} (12 or 64 characters) with its pod, if known. */
    Optional<Found> lookup(String id) {
        return lookup(id, null);
    }

    /**
     * As {@link #lookup(String)}; {@code cgroupType} is the runtime the container's cgroup layout
     * names, or null. The runtime's state comes first; a bundle's metadata answers while it has none.
     */
    Optional<Found> lookup(String id, String cgroupType) {
        if (!validId(id)) {
            return Optional.empty();
        }
        String key = id.substring(0, 12);
        Found f = found.getIfPresent(key);
        if (f != null) {
            return Optional.of(f);
        }
        if (dockerRetries.contains(key)) {
            // Docker is being asked again already: what the state said stands in until then.
            return Optional.ofNullable(provisional.getIfPresent(key));
        }
        if (missed.getIfPresent(id) == null) {
            Optional<Found> read = state.read(id, cgroupType);
            if (read.isPresent()) {
                keep(key, read.get(), cgroupType);
                return read;
            }
            missed.put(id, Boolean.TRUE);
        }
        return Optional.ofNullable(provisional.getIfPresent(key));
    }

    /** The metadata of {@code fullId} read from the runtime's state, if already known (no file is read), else null. */
    Found confirmed(String fullId) {
        return validId(fullId) ? found.getIfPresent(fullId.substring(0, 12)) : null;
    }

    /**
     * What a bundle (or the state, while Docker gave no answer) said of container {@code key} (12
     * characters), if kept, else null.
     */
    Found provisional(String key) {
        return provisional.getIfPresent(key);
    }

    /**
     * Keeps {@code f}, what the runtime's state says of container {@code key} (12 characters): confirmed, or,
     * when Docker gave no answer yet, provisional (what the state says stands in) and read again shortly.
     */
    void keep(String key, Found f, String cgroupType) {
        if (f.provisional()) {
            // One chain of retries per container (it keeps f), however many lookups found it provisional.
            if (dockerRetries.add(key)) {
                keepAndRetry(key, f, cgroupType, 1);
            } else if (found.getIfPresent(key) == null) {
                provisional.put(key, f);
            }
        } else {
            confirm(key, f);
        }
    }

    private void confirm(String key, Found f) {
        found.put(key, f);
        provisional.invalidate(key);
    }

    /**
     * Keeps {@code f} (the runtime's state, without what Docker would add) as provisional, and reads the state
     * again {@link #DOCKER_RETRY} later, at most {@link #DOCKER_TRIES} times, off the caller's thread.
     */
    private void keepAndRetry(String key, Found f, String cgroupType, int attempt) {
        if (found.getIfPresent(key) == null) {
            provisional.put(key, f);
        }
        if (attempt > DOCKER_TRIES) {
            // Docker never answered: what the state says is taken as it is (unless something better came meanwhile).
            if (found.getIfPresent(key) == null) {
                confirm(key, new Found(f.container(), f.pod(), false, f.cgroups()));
            }
            dockerGivenUp.increment();
            dockerRetries.remove(key);
            return;
        }
        poller.schedule(() -> {
            Optional<Found> again = state.read(f.container().fullId(), cgroupType);
            if (again.isPresent() && !again.get().provisional()) {
                confirm(key, again.get());
                dockerRetries.remove(key);
            } else if (again.isPresent()) {
                keepAndRetry(key, again.get(), cgroupType, attempt + 1);
            } else {
                dockerRetries.remove(key);  // the container's state is gone
            }
        }, DOCKER_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching for the state of container {@code fullId}, off the caller's thread ({@link RuntimeStateWatch#watch}). */
    void watch(String fullId, String cgroupType) {
        watches.watch(fullId, cgroupType);
    }

    /**
     * Reads, off the caller's thread, the bundle's {@code config.json} of container {@code id} as soon
     * as a runtime is told to create it (the bundle exists before the container starts, the runtime's
     * state does not yet), if {@link TrustedBundle} finds only its owner could have written it. What
     * it gives is provisional: the runtime's state replaces it when it appears.
     */
    void bundle(String id, Path bundleDir) {
        if (!validId(id) || found.getIfPresent(id.substring(0, 12)) != null) {
            return;
        }
        if (bundleSlots.incrementAndGet() > maxWatched) {
            bundleSlots.decrementAndGet();
            bundlesRefused.increment();
            return;
        }
        poller.execute(() -> {
            try {
                readBundle(id, bundleDir);
            } finally {
                bundleSlots.decrementAndGet();
            }
        });
    }

    private void readBundle(String id, Path bundleDir) {
        String key = id.substring(0, 12);
        try {
            Optional<OciSpec> spec = state.trustedBundleSpec(bundleDir);
            if (spec.isEmpty()) {
                return;
            }
            Found f = CriAnnotations.describe(id, spec.get().annotations(), spec.get().privileged(),
                    System.currentTimeMillis() * 1_000_000L, null, true);
            if (found.getIfPresent(key) == null) {
                provisional.put(key, f);
                watches.answer(key, f);
            }
        } catch (IOException | JsonException | RuntimeException e) {
            bundlesUnreadable.increment();
            LOG.debug("could not read the bundle {}: {}", bundleDir, e.toString());
        }
    }

    /**
     * Like {@link #lookup(String, String)}, but the first call for a container waits for a {@link #watch}
     * under way ({@link RuntimeStateWatch#await}).
     */
    Optional<Found> await(String fullId, String cgroupType, Duration max) {
        return watches.await(fullId, cgroupType, max);
    }

    /** The metadata of container {@code key} (12 characters) read from the runtime's state, else a bundle's, if kept. */
    Optional<Found> known(String key) {
        Found f = found.getIfPresent(key);
        return Optional.ofNullable(f != null ? f : provisional.getIfPresent(key));
    }

    /** Whether container {@code fullId}'s state is being watched for (its watch has not ended yet). */
    boolean watching(String fullId) {
        return watches.watching(fullId);
    }

    /** How many watches were started (one per container and absence, however many execs it has). */
    long watchesStarted() {
        return watches.watchesStarted();
    }

    /** How many {@link #await} calls waited for a watch (at most one per container). */
    long waits() {
        return watches.waits();
    }

    /** Adds to {@code skipped} what this reader counted and did not do, by reason (zeros left out). */
    void addSkipped(Map<String, Long> skipped) {
        RecordPipeline.put(skipped, "containers not watched for their runtime state (" + maxWatched
                + " already watched)", watches.watchesRefused());
        RecordPipeline.put(skipped, "runtime bundles not read (" + maxWatched + " reads already pending)",
                bundlesRefused.sum());
        RecordPipeline.put(skipped, "runtime bundles not read (not root's alone, or behind a symbolic link)",
                state.untrustedBundles());
        RecordPipeline.put(skipped, "runtime bundles unreadable", bundlesUnreadable.sum());
        RecordPipeline.put(skipped, "Docker containers not described (the Docker API gave no usable answer in "
                + (DOCKER_TRIES + 1) + " requests of " + DOCKER_TIMEOUT.toMillis() + " ms)", dockerGivenUp.sum());
    }

    /**
     * A container id as runtimes write them: 12 to 64 hexadecimal digits. Anything else (a path, a
     * glob) is never used to name a file: ids reach {@link #container} from any event's container.id.
     */
    static boolean validId(String id) {
        if (id == null || id.length() < 12 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
