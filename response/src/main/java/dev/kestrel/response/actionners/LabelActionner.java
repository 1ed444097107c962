package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubernetes:label}: sets the {@code labels} on the alert's pod (e.g. {@code quarantine: "true"});
 * a label given an empty value is removed. One JSON patch. Only {@code level: pod} (the default).
 * Stateless.
 */
public final class LabelActionner implements Actionner {

    static final String LABELS = "labels";
    static final String LEVEL = "level";

    @Override
    public String name() {
        return "kubernetes:label";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(LABELS, LEVEL);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        if (p.stringMap(LABELS).isEmpty()) {
            throw new ActionParameters.InvalidParameterException(LABELS, "parameter 'labels' needs at least one label");
        }
        String level = p.string(LEVEL, "pod");
        if (!level.equals("pod")) {
            throw new ActionParameters.InvalidParameterException(LEVEL, "parameter 'level' can only be 'pod' in Kestrel, was '"
                    + level + "'");
        }
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return KubernetesAccess.pod(alert).target();
    }

    @Override
    public String describe(ActionRequest request) {
        return "would label " + request.target() + " with " + render(request.parameters().stringMap(LABELS));
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        KubernetesAccess.PodRef ref = KubernetesAccess.pod(request.alert());
        KubernetesAccess.Calls api = KubernetesAccess.calls(request.environment());
        Pod pod = KubernetesAccess.get(api, ref);
        Map<String, String> current = pod.getMetadata().getLabels();
        List<Map<String, Object>> ops = new ArrayList<>();
        if (current == null) {
            ops.add(op("add", "/metadata/labels", Map.of()));
        }
        Map<String, String> labels = request.parameters().stringMap(LABELS);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String path = "/metadata/labels/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (!e.getValue().isEmpty()) {
                ops.add(op("add", path, e.getValue()));
            } else if (current != null && current.containsKey(e.getKey())) {
                ops.add(op("remove", path, null));
            }
        }
        String patch = JsonWriter.write(ops);
        api.call("label " + ref.target(), client -> client.pods().inNamespace(ref.namespace()).withName(ref.name())
                .patch(PatchContext.of(PatchType.JSON), patch));
        return ActionOutcome.done("labelled " + ref.target() + " with " + render(labels),
                Map.of("pod", ref.name(), "namespace", ref.namespace()));
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    private static String render(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        labels.forEach((k, v) -> parts.add(v.isEmpty() ? "-" + k : k + "=" + v));
        return String.join(",", parts);
    }
}
