package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.fields.state.StateContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code k8s} field class (Falco's container plugin): the pod of the process's container, from
 * pod metadata records or providers. The deprecated controller fields are listed but not extracted.
 */
public final class K8sFields extends CatalogueFieldClass {

    public K8sFields() {
        super("k8s", "the Kubernetes pod of a container (Falco's container plugin)", bindings());
    }

    /** Falco gets these fields from its container plugin; Kestrel follows its 0.6.0 release. */
    @Override
    public Optional<FalcoPlugin> plugin() {
        return Optional.of(CatalogueTable.CONTAINER_PLUGIN);
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("k8s.pod.name", s(c -> of(c, PodMetadata::name)));
        m.put("k8s.ns.name", s(c -> of(c, PodMetadata::namespace)));
        m.put("k8s.pod.id", s(c -> of(c, PodMetadata::uid)));
        m.put("k8s.pod.uid", s(c -> of(c, PodMetadata::uid)));
        m.put("k8s.pod.sandbox_id", s(c -> {
            String id = of(c, PodMetadata::sandboxId);
            return id == null || id.length() <= 12 ? id : id.substring(0, 12);
        }));
        m.put("k8s.pod.full_sandbox_id", s(c -> of(c, PodMetadata::sandboxId)));
        m.put("k8s.pod.label", ref -> {
            String key = ref.argument();
            return new Accessors.Str(ref, c -> c.pod() == null ? null : c.pod().labels().get(key));
        });
        m.put("k8s.pod.labels", s(c -> c.pod() == null ? null : ContainerFields.labels(c.pod().labels())));
        m.put("k8s.pod.ip", s(c -> of(c, PodMetadata::ip)));
        return m;
    }

    private static String of(StateContext c, Function<PodMetadata, String> f) {
        return c.pod() == null ? null : f.apply(c.pod());
    }
}
