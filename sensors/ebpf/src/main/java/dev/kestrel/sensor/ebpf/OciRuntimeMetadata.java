package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.spi.MetadataProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container and pod metadata read from the OCI runtime's state on this node, as a DaemonSet reads
 * it: runc's state directories ({@code <root>/<id>/state.json}, under {@code /run/runc} and the roots
 * containerd and CRI-O give runc), and the bundle's {@code config.json}, whose annotations carry the
 * Kubernetes names the CRI writes ({@code io.kubernetes.cri.sandbox-name} ..., CRI-O's
 * {@code io.kubernetes.pod.name} ...). Results are cached (Caffeine): a found container for
 * {@code ttl} after it was last asked for, so a container that vanished keeps its metadata until
 * then; a miss for a short while, so a container being created is looked at again soon; a container
 * whose state a whole {@link #watch} did not find is left alone for 30 s, and a
 * caller waits for a container's state at most once (see {@link #await}).
 * Thread-safe; lookups read small files and may block briefly.
 */
public final class OciRuntimeMetadata implements MetadataProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OciRuntimeMetadata.class);

    /** Where runc keeps its state when run directly, by containerd (k8s.io, default and moby namespaces), Docker and CRI-O. */
    public static final List<Path> DEFAULT_ROOTS = List.of(Path.of("/run/runc"), Path.of("/run/containerd/runc/k8s.io"),
            Path.of("/run/containerd/runc/default"), Path.of("/run/containerd/runc/moby"),
            Path.of("/run/docker/runtime-runc/moby"), Path.of("/run/crun"));

    private static final long MAX_FILE_BYTES = 4L << 20;
    private static final Duration MISS_TTL = Duration.ofMillis(500);

    /** What one lookup found (or not). */
    record Found(ContainerMetadata container, PodMetadata pod) {
    }

    private static final Duration APPEAR_WAIT = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 2;
    /** How long a container whose state a whole watch did not find is not watched again. */
    static final long ABSENT_SECONDS = 30;

    private final List<Path> roots;
    private final Cache<String, Found> found;
    private final Cache<String, Boolean> missed;
    private final Cache<String, Boolean> absent;
    private final Cache<String, Boolean> awaited;
    private final AtomicLong watchesStarted = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Optional<Found>>> watching =
            new ConcurrentHashMap<>();
    private final ExecutorService poller = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kestrel-oci-state");
        t.setDaemon(true);
        return t;
    });

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
        this.roots = List.copyOf(roots);
        this.found = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterAccess(ttl).build();
        this.missed = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterWrite(MISS_TTL).build();
        this.absent = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterWrite(Duration.ofSeconds(ABSENT_SECONDS))
                .build();
        this.awaited = Caffeine.newBuilder().maximumSize(maxContainers).expireAfterAccess(ttl).build();
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
    public Optional<PodMetadata> pod(String podUid) {
        for (Found f : found.asMap().values()) {
            if (f.pod() != null && f.pod().uid().equals(podUid)) {
                return Optional.of(f.pod());
            }
        }
        return Optional.empty();
    }

    /**
     * The container whose id is or starts with {@code id} (12 or 64 characters) with its pod, if a
     * runtime root knows it.
     */
    Optional<Found> lookup(String id) {
        if (!validId(id)) {
            return Optional.empty();
        }
        String key = id.substring(0, 12);
        Found f = found.getIfPresent(key);
        if (f != null) {
            return Optional.of(f);
        }
        if (missed.getIfPresent(id) != null) {
            return Optional.empty();
        }
        Optional<Found> read = read(id);
        if (read.isPresent()) {
            found.put(key, read.get());
        } else {
            missed.put(id, Boolean.TRUE);
        }
        return read;
    }

    /**
     * Starts watching for the state of container {@code fullId} (64 characters) off the caller's
     * thread: runc writes it a moment after the container's first process starts, and removes it
     * when the container ends, so a short-lived container's state is read as soon as it appears.
     * A watch that ends without the state marks the container absent for 30 s,
     * during which it is not watched again.
     */
    void watch(String fullId) {
        if (!validId(fullId)) {
            return;
        }
        String short12 = fullId.substring(0, 12);
        if (found.getIfPresent(short12) != null || absent.getIfPresent(short12) != null) {
            return;
        }
        watching.computeIfAbsent(short12, key -> {
            watchesStarted.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> poll(fullId, key), poller);
        });
    }

    /** Reads the state of {@code fullId} until it appears or {@link #APPEAR_WAIT} passes (then marks it absent). */
    private Optional<Found> poll(String fullId, String key) {
        try {
            long end = System.nanoTime() + APPEAR_WAIT.toNanos();
            while (true) {
                Optional<Found> r = read(fullId);
                if (r.isPresent()) {
                    found.put(key, r.get());
                    return r;
                }
                if (System.nanoTime() > end) {
                    absent.put(key, Boolean.TRUE);
                    return r;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            watching.remove(key);
        }
    }

    /**
     * Reads the bundle's {@code config.json} of container {@code id} (off the caller's thread), as
     * soon as a runtime is told to create it ({@code runc create|run --bundle DIR ID}): the bundle
     * exists before the container starts, when runc's own state does not yet.
     */
    void bundle(String id, Path bundleDir) {
        if (!validId(id)) {
            return;
        }
        String key = id.substring(0, 12);
        if (found.getIfPresent(key) != null) {
            return;
        }
        watching.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
            try {
                Path config = bundleDir.resolve("config.json");
                if (!Files.isRegularFile(config)) {
                    return Optional.<Found>empty();
                }
                Map<String, Object> spec = JsonReader.parseObject(readSmall(config));
                Map<String, String> annotations = new HashMap<>();
                if (spec.get("annotations") instanceof Map<?, ?> a) {
                    a.forEach((ak, av) -> annotations.put(String.valueOf(ak), String.valueOf(av)));
                }
                Found f = describe(id, annotations, System.currentTimeMillis() * 1_000_000L);
                found.put(k, f);
                return Optional.of(f);
            } catch (IOException | JsonException | RuntimeException e) {
                LOG.debug("could not read the bundle {}: {}", bundleDir, e.toString());
                return Optional.<Found>empty();
            } finally {
                watching.remove(k);
            }
        }, poller));
    }

    /**
     * Like {@link #lookup}, but the first call for a container waits (at most {@code max}) for a
     * {@link #watch} or bundle read under way; later calls never wait, and answer empty while the
     * container is being watched or is marked absent, so a container without state stalls no caller.
     */
    Optional<Found> await(String fullId, Duration max) {
        if (!validId(fullId)) {
            return Optional.empty();
        }
        String key = fullId.substring(0, 12);
        CompletableFuture<Optional<Found>> w = watching.get(key);
        if (w != null && awaited.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            waits.incrementAndGet();
            try {
                Optional<Found> r = w.get(max.toMillis(), TimeUnit.MILLISECONDS);
                if (r.isPresent()) {
                    return r;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("waiting for the state of {}: {}", fullId, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Found f = found.getIfPresent(key);
        if (f != null) {
            return Optional.of(f);
        }
        if (absent.getIfPresent(key) != null || watching.containsKey(key)) {
            return Optional.empty();
        }
        return lookup(fullId);
    }

    /** How many watches were started (one per container and absence, however many execs it has). */
    long watchesStarted() {
        return watchesStarted.get();
    }

    /** How many {@link #await} calls waited for a watch (at most one per container). */
    long waits() {
        return waits.get();
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

    private Optional<Found> read(String id) {
        for (Path root : roots) {
            Path dir = stateDir(root, id);
            if (dir == null) {
                continue;
            }
            try {
                return Optional.of(fromState(dir.getFileName().toString(), dir.resolve("state.json")));
            } catch (IOException | JsonException | RuntimeException e) {
                LOG.debug("could not read the runtime state in {}: {}", dir, e.toString());
            }
        }
        return Optional.empty();
    }

    /** The state directory of {@code id} under {@code root}: by name, or the one whose name starts with a short id. */
    private static Path stateDir(Path root, String id) {
        Path direct = root.resolve(id);
        if (Files.isRegularFile(direct.resolve("state.json"))) {
            return direct;
        }
        if (id.length() >= 64 || !Files.isDirectory(root)) {
            return null;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, id + "*")) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve("state.json"))) {
                    return d;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private Found fromState(String fullId, Path stateFile) throws IOException, JsonException {
        Map<String, Object> state = JsonReader.parseObject(readSmall(stateFile));
        Map<String, String> annotations = new HashMap<>();
        String bundle = null;
        if (state.get("config") instanceof Map<?, ?> config && config.get("labels") instanceof List<?> labels) {
            for (Object l : labels) {
                String label = String.valueOf(l);
                int eq = label.indexOf('=');
                if (eq > 0) {
                    String k = label.substring(0, eq);
                    String v = label.substring(eq + 1);
                    if (k.equals("bundle")) {
                        bundle = v;
                    } else {
                        annotations.put(k, v);
                    }
                }
            }
        }
        if (bundle != null) {
            Path config = Path.of(bundle, "config.json");
            if (Files.isRegularFile(config)) {
                Map<String, Object> spec = JsonReader.parseObject(readSmall(config));
                if (spec.get("annotations") instanceof Map<?, ?> a) {
                    a.forEach((k, v) -> annotations.put(String.valueOf(k), String.valueOf(v)));
                }
            }
        }
        long started = 0;
        if (state.get("created") instanceof String created) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(created);
                started = t.toEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (RuntimeException e) {
                LOG.debug("unreadable creation time {}", created);
            }
        }
        return describe(fullId, annotations, started);
    }

    /** Container and pod from the CRI annotations (containerd's {@code io.kubernetes.cri.*}, CRI-O's {@code io.kubernetes.*}). */
    static Found describe(String fullId, Map<String, String> a, long startNanos) {
        String id = fullId.substring(0, 12);
        boolean crio = a.keySet().stream().anyMatch(k -> k.startsWith("io.kubernetes.cri-o."));
        String name = first(a, "io.kubernetes.cri.container-name", "io.kubernetes.container.name");
        String image = first(a, "io.kubernetes.cri.image-name", "io.kubernetes.cri-o.ImageName");
        String podName = first(a, "io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name");
        String namespace = first(a, "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.pod.namespace");
        String podUid = first(a, "io.kubernetes.cri.sandbox-uid", "io.kubernetes.pod.uid");
        String sandbox = first(a, "io.kubernetes.cri.sandbox-id", "io.kubernetes.cri-o.SandboxID");
        String repository = image;
        String tag = null;
        if (image != null) {
            int at = image.indexOf('@');
            String base = at >= 0 ? image.substring(0, at) : image;
            int colon = base.lastIndexOf(':');
            if (colon > base.lastIndexOf('/')) {
                repository = base.substring(0, colon);
                tag = base.substring(colon + 1);
            } else {
                repository = base;
            }
        }
        String type = podName != null ? (crio ? "cri-o" : "containerd") : "runc";
        if (podUid == null && podName != null) {
            podUid = (namespace == null ? "" : namespace + "/") + podName;
        }
        ContainerMetadata container = new ContainerMetadata(id, fullId, name != null ? name : id, image, repository, tag,
                null, null, type, false, Map.of(), List.of(), startNanos, null, false, false, false, podUid);
        PodMetadata pod = podName == null ? null
                : new PodMetadata(podUid, podName, namespace, Map.of(), null, sandbox, List.of(id));
        return new Found(container, pod);
    }

    private static String first(Map<String, String> a, String... keys) {
        for (String k : keys) {
            String v = a.get(k);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String readSmall(Path p) throws IOException {
        if (Files.size(p) > MAX_FILE_BYTES) {
            throw new IOException(p + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
