package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.b;
import static dev.kestrel.fields.Accessors.bool;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.fields.state.StateContext;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code container} field class (Falco's container plugin): the container of the process, from
 * metadata records or providers. Host processes have id and name {@code host}; a container whose
 * metadata is not known (yet) has its id and nothing else.
 */
public final class ContainerFields extends CatalogueFieldClass {

    static final String HOST = "host";

    public ContainerFields() {
        super("container", "the container of a process (Falco's container plugin)", bindings());
    }

    /** Falco gets these fields from its container plugin; Kestrel follows its 0.6.0 release. */
    @Override
    public Optional<FalcoPlugin> plugin() {
        return Optional.of(CatalogueTable.CONTAINER_PLUGIN);
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("container.id", s(c -> c.process() == null ? null : c.containerId() == null ? HOST : c.containerId()));
        m.put("container.full_id", s(c -> c.process() == null ? null : c.containerId() == null ? HOST
                : c.container() != null && c.container().fullId() != null ? c.container().fullId() : c.containerId()));
        m.put("container.name", s(c -> c.process() == null ? null : c.containerId() == null ? HOST
                : of(c, ContainerMetadata::name)));
        m.put("container.image", s(c -> of(c, ContainerMetadata::image)));
        m.put("container.image.id", s(c -> of(c, ContainerMetadata::imageId)));
        m.put("container.type", s(c -> of(c, ContainerMetadata::type)));
        m.put("container.privileged", b(c -> c.container() == null ? -1 : bool(c.container().privileged())));
        m.put("container.mounts", s(c -> c.container() == null ? null : c.container().mounts().stream()
                .map(ContainerFields::mountText).collect(Collectors.joining(","))));
        m.put("container.mount", mount(ContainerFields::mountText));
        m.put("container.mount.source", mount(ContainerMetadata.Mount::source));
        m.put("container.mount.dest", mount(ContainerMetadata.Mount::destination));
        m.put("container.mount.mode", mount(ContainerMetadata.Mount::mode));
        m.put("container.mount.rdwr", mount(mt -> Boolean.toString(mt.readWrite())));
        m.put("container.mount.propagation", mount(ContainerMetadata.Mount::propagation));
        m.put("container.image.repository", s(c -> of(c, ContainerMetadata::imageRepository)));
        m.put("container.image.tag", s(c -> of(c, ContainerMetadata::imageTag)));
        m.put("container.image.digest", s(c -> of(c, ContainerMetadata::imageDigest)));
        m.put("container.start_ts", n(c -> c.container() == null || c.container().startNanos() <= 0 ? NONE
                : c.container().startNanos()));
        m.put("container.duration", n(c -> c.container() == null || c.container().startNanos() <= 0 ? NONE
                : c.event().timestampNanos() - c.container().startNanos()));
        m.put("container.ip", s(c -> of(c, ContainerMetadata::ip)));
        m.put("container.host_pid", b(c -> c.container() == null ? -1 : bool(c.container().hostPid())));
        m.put("container.host_network", b(c -> c.container() == null ? -1 : bool(c.container().hostNetwork())));
        m.put("container.host_ipc", b(c -> c.container() == null ? -1 : bool(c.container().hostIpc())));
        m.put("container.label", ref -> {
            String key = ref.argument();
            return new Accessors.Str(ref, c -> c.container() == null ? null : c.container().labels().get(key));
        });
        m.put("container.labels", s(c -> c.container() == null ? null : labels(c.container().labels())));
        return m;
    }

    private static String of(StateContext c, Function<ContainerMetadata, String> f) {
        return c.container() == null ? null : f.apply(c.container());
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String mountText(ContainerMetadata.Mount mt) {
        return mt.source() + ":" + mt.destination() + ":" + (mt.mode() == null ? "" : mt.mode()) + ":"
                + mt.readWrite() + ":" + (mt.propagation() == null ? "" : mt.propagation());
    }

    /** container.mount*[N or source glob]: one mount's part; "none" when nothing matches. */
    private static Binding mount(Function<ContainerMetadata.Mount, String> part) {
        return ref -> mountAccessor(ref, part);
    }

    private static FieldAccessor mountAccessor(FieldRef ref, Function<ContainerMetadata.Mount, String> part) {
        String key = ref.argument();
        boolean index = key.chars().allMatch(Character::isDigit);
        int n = index ? Integer.parseInt(key) : -1;
        PathMatcher glob = index ? null : FileSystems.getDefault().getPathMatcher("glob:" + key);
        boolean bySource = !ref.descriptor().name().equals("container.mount.source");
        return new Accessors.Str(ref, c -> {
            if (c.container() == null) {
                return null;
            }
            List<ContainerMetadata.Mount> mounts = c.container().mounts();
            if (index) {
                return n < mounts.size() ? part.apply(mounts.get(n)) : "none";
            }
            for (ContainerMetadata.Mount mt : mounts) {
                String k = bySource ? mt.source() : mt.destination();
                if (k != null && (k.equals(key) || glob.matches(Path.of(k)))) {
                    return part.apply(mt);
                }
            }
            return "none";
        });
    }
}
