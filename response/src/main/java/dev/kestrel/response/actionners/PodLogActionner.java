package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubernetes:log}: fetches the last {@code tail_lines} (default 20) lines of the alert's
 * container ({@code container.name} first, then the pod's other containers until one has output) into the
 * action record, at most 64 KiB (longer logs are cut and say so). Stateless.
 */
public final class PodLogActionner implements Actionner {

    static final String TAIL_LINES = "tail_lines";
    static final int MAX_CHARS = 64 * 1024;

    @Override
    public String name() {
        return "kubernetes:log";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(TAIL_LINES);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        p.integer(TAIL_LINES, 20, 1, 100_000);
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return KubernetesAccess.pod(alert).target();
    }

    @Override
    public String describe(ActionRequest request) {
        return "would fetch the last " + request.parameters().integer(TAIL_LINES, 20, 1, 100_000) + " log lines of "
                + request.target();
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        KubernetesAccess.PodRef ref = KubernetesAccess.pod(request.alert());
        KubernetesClient client = KubernetesAccess.client(request.environment());
        Pod pod = KubernetesAccess.get(client, ref);
        int lines = (int) request.parameters().integer(TAIL_LINES, 20, 1, 100_000);
        List<String> containers = new ArrayList<>();
        Object wanted = request.alert().outputFields().get("container.name");
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (wanted != null && c.getName().equals(wanted.toString())) {
                    containers.add(0, c.getName());
                } else {
                    containers.add(c.getName());
                }
            }
        }
        if (containers.isEmpty()) {
            throw new IllegalStateException("the " + ref.target() + " has no container");
        }
        String log = "";
        String from = containers.get(0);
        for (String c : containers) {
            from = c;
            log = KubernetesAccess.call("read the log of " + ref.target() + " container " + c,
                    () -> client.pods().inNamespace(ref.namespace()).withName(ref.name()).inContainer(c)
                            .tailingLines(lines).getLog());
            if (log != null && !log.isEmpty()) {
                break;
            }
        }
        String text = log == null ? "" : log;
        String note = "";
        if (text.length() > MAX_CHARS) {
            text = text.substring(text.length() - MAX_CHARS);
            note = " (cut to the last " + MAX_CHARS + " characters)";
        }
        return new ActionOutcome(true, "fetched " + text.lines().count() + " log line(s) of " + ref.target() + " container "
                + from + note, Map.of("pod", ref.name(), "namespace", ref.namespace(), "container", from), text);
    }
}
