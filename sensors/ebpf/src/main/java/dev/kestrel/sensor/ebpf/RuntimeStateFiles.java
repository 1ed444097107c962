package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state OCI runtimes keep for a container under their roots: runc's {@code <root>/<id>/state.json}
 * (the bundle in {@code config.labels}, the creation time, the container's cgroups) and the bundle's
 * {@code config.json}; crun's
 * {@code <root>/<id>/status} (the bundle, the creation time) and the copy of {@code config.json} it keeps
 * beside it. Every file is read up to {@value #MAX_FILE_BYTES} bytes and {@link JsonReader#MAX_DEPTH}
 * levels deep. A bundle the state names is read only as {@link TrustedBundle} allows (bundles refused so
 * are counted). Thread-safe.
 */
final class RuntimeStateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeStateFiles.class);

    /** The largest state or config file read, in bytes (4 MiB). */
    static final long MAX_FILE_BYTES = 4L << 20;
    static final String RUNC_STATE = "state.json";
    static final String CRUN_STATUS = "status";

    private final List<Path> roots;
    private final int bundleOwner;
    /** What a privileged container's spec grants on this node ({@link OciSpec#grantedToPrivileged}). */
    private final Set<String> privilegedCapabilities;
    private final LongAdder untrustedBundles = new LongAdder();

    /** Asked about Docker's containers, whose bundles name no image; null when not asked. */
    private final DockerEngine docker;

    /**
     * Reads the state under {@code roots}, searched in order; a bundle the state names must be
     * {@code bundleOwner}'s alone; {@code docker} (or null) names Docker's containers.
     */
    RuntimeStateFiles(List<Path> roots, int bundleOwner, DockerEngine docker) {
        this.roots = List.copyOf(roots);
        this.bundleOwner = bundleOwner;
        this.docker = docker;
        this.privilegedCapabilities = OciSpec.grantedToPrivileged(Path.of("/proc/self/status"));
    }

    /** Bundles another user could have written, so not read. */
    long untrustedBundles() {
        return untrustedBundles.sum();
    }

    /**
     * Container {@code id} (12 to 64 hexadecimal digits, checked by the caller) from the first root
     * whose state for it is readable; {@code cgroupType} is its runtime by its cgroup layout, or null.
     */
    Optional<Found> read(String id, String cgroupType) {
        return read(id, cgroupType, roots);
    }

    /** The roots that exist now (what {@link #read(String, String, List)} need look under for a while). */
    List<Path> presentRoots() {
        return roots.stream().filter(Files::isDirectory).toList();
    }

    /** As {@link #read(String, String)}, under {@code present} (some of the roots) only. */
    Optional<Found> read(String id, String cgroupType, List<Path> present) {
        for (Path root : present) {
            Path dir = stateDir(root, id);
            if (dir == null) {
                continue;
            }
            String fullId = dir.getFileName().toString();
            String rootType = rootType(root);
            String type = rootType != null ? rootType : cgroupType;
            try {
                return Optional.of(withDocker(Files.isRegularFile(dir.resolve(RUNC_STATE)) ? fromRunc(fullId, dir, type)
                        : fromCrun(fullId, dir, type)));
            } catch (IOException | JsonException | RuntimeException e) {
                LOG.debug("could not read the runtime state in {}: {}", dir, e.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * A Docker container's name, image and privileged flag, which its bundle does not hold, as Docker
     * says them; {@code f} as it is for other containers, or when Docker has no such container; {@code f}
     * made provisional when Docker gave no answer in time (it answers once the container has started).
     */
    private Found withDocker(Found f) {
        ContainerMetadata c = f.container();
        if (docker == null || !"docker".equals(c.type()) || c.image() != null) {
            return f;
        }
        Optional<DockerEngine.Details> details;
        try {
            details = docker.inspectOrFail(c.fullId());
        } catch (DockerEngine.NoAnswer e) {
            return new Found(c, f.pod(), true, f.cgroups());
        }
        return details.map(d -> {
            CriAnnotations.ImageName img = CriAnnotations.ImageName.of(d.image());
            ContainerMetadata described = new ContainerMetadata(c.id(), c.fullId(), d.name() != null ? d.name() : c.name(),
                    d.image(), img.repository(), img.tag(), null, img.digest(), c.type(), d.privileged() || c.privileged(),
                    c.labels(), c.mounts(), c.startNanos() != 0 ? c.startNanos() : d.startNanos(), c.ip(), c.hostPid(),
                    c.hostNetwork(), c.hostIpc(), c.podUid());
            return new Found(described, f.pod(), f.provisional(), f.cgroups());
        }).orElse(f);
    }

    /** The container type Falco gives what a default root holds, or null when the root does not tell. */
    static String rootType(Path root) {
        String r = root.toString();
        if (r.startsWith("/run/docker/") || r.equals("/run/containerd/runc/moby")) {
            return "docker";
        }
        return r.startsWith("/run/containerd/") ? "containerd" : null;
    }

    /** The state directory of {@code id} under {@code root}: by name, or the one whose name starts with a short id. */
    private static Path stateDir(Path root, String id) {
        Path direct = root.resolve(id);
        if (Files.isDirectory(direct) && hasState(direct)) {
            return direct;
        }
        if (id.length() >= 64 || !Files.isDirectory(root)) {
            return null;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, id + "*")) {
            for (Path d : dirs) {
                if (hasState(d)) {
                    return d;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean hasState(Path dir) {
        return Files.isRegularFile(dir.resolve(RUNC_STATE)) || Files.isRegularFile(dir.resolve(CRUN_STATUS));
    }

    /**
     * runc: {@code state.json}'s labels (bundle=..., the rest as annotations), then the bundle's annotations;
     * its {@code cgroup_paths} ({@link RecordedCgroups}).
     */
    private Found fromRunc(String fullId, Path dir, String type) throws IOException, JsonException {
        Map<String, Object> state = JsonReader.parseObject(readSmall(dir.resolve(RUNC_STATE), MAX_FILE_BYTES));
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
        OciSpec spec = bundle != null ? bundleSpec(bundle) : null;
        if (spec != null) {
            annotations.putAll(spec.annotations());
        }
        Found f = CriAnnotations.describe(fullId, annotations, spec != null && spec.privileged(), created(state), type, false);
        // runc's own record of the container's cgroups; the bundle's cgroupsPath is whoever made the bundle's word
        return new Found(f.container(), f.pod(), f.provisional(), RecordedCgroups.of(state.get("cgroup_paths")));
    }

    /**
     * crun: {@code status} (bundle, created, its {@code cgroup-path}), the annotations of its own copy of
     * config.json, else the bundle's.
     */
    private Found fromCrun(String fullId, Path dir, String type) throws IOException, JsonException {
        Map<String, Object> status = JsonReader.parseObject(readSmall(dir.resolve(CRUN_STATUS), MAX_FILE_BYTES));
        Path copy = dir.resolve("config.json");
        OciSpec spec = null;
        if (Files.isRegularFile(copy)) {
            spec = OciSpec.parse(readSmall(copy, MAX_FILE_BYTES), privilegedCapabilities);
        } else if (status.get("bundle") instanceof String bundle && !bundle.isEmpty()) {
            spec = bundleSpec(bundle);
        }
        Found f = CriAnnotations.describe(fullId, spec != null ? spec.annotations() : Map.of(), spec != null && spec.privileged(),
                created(status), type, false);
        // crun's own record of the container's cgroup, from every hierarchy's root
        return new Found(f.container(), f.pod(), f.provisional(), RecordedCgroups.ofCrun(status.get("cgroup-path")));
    }

    /**
     * The spec of {@code bundle}'s config.json, when it exists and no one but its owner could have written
     * it (the state is root's, but the bundle it names may sit anywhere); else null.
     */
    private OciSpec bundleSpec(String bundle) throws IOException, JsonException {
        Path dir = Path.of(bundle);
        return Files.isRegularFile(dir.resolve("config.json")) ? trustedBundleSpec(dir).orElse(null) : null;
    }

    /**
     * The spec of bundle {@code dir}'s config.json when {@link TrustedBundle} finds no one but its owner
     * could have written it; empty, and counted ({@link #untrustedBundles()}), when someone else could.
     */
    Optional<OciSpec> trustedBundleSpec(Path dir) throws IOException, JsonException {
        try {
            return Optional.of(OciSpec.parse(TrustedBundle.config(dir, bundleOwner, MAX_FILE_BYTES), privilegedCapabilities));
        } catch (TrustedBundle.Untrusted e) {
            untrustedBundles.increment();
            LOG.debug("not reading the bundle {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    /** The {@code created} time (RFC 3339, as runc and crun write it) in ns since the epoch, or 0. */
    private static long created(Map<String, Object> state) {
        return epochNanos(state.get("created"));
    }

    /** An RFC 3339 time (as runc, crun and Docker write a container's creation) in ns since the epoch, or 0. */
    static long epochNanos(Object time) {
        if (time instanceof String text) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(text);
                return t.toEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (RuntimeException e) {
                LOG.debug("unreadable creation time {}", text);
            }
        }
        return 0;
    }

    /** The text of {@code p}, which must hold at most {@code maxBytes} bytes (counted as read, not trusted from a stat). */
    static String readSmall(Path p, long maxBytes, LinkOption... options) throws IOException {
        OpenOption[] open = new OpenOption[options.length + 1];
        open[0] = StandardOpenOption.READ;
        System.arraycopy(options, 0, open, 1, options.length);
        try (SeekableByteChannel in = Files.newByteChannel(p, open)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(in.size(), 16), maxBytes + 1));
            ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
            long total = 0;
            int n;
            while ((n = in.read(buffer.clear())) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(p + " is larger than " + maxBytes + " bytes");
                }
                out.write(buffer.array(), 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
