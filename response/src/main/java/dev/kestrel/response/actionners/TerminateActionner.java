package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubernetes:terminate}: deletes the alert's pod with a grace period
 * ({@code grace_period_seconds}, default 0); leaves it alone when it belongs to a DaemonSet or a
 * StatefulSet and {@code ignore_daemonsets}/{@code ignore_statefulsets} say so, or has no owner and
 * {@code ignore_standalone_pods} says so (its first owner reference decides), or, as in Talon, when
 * it belongs to a ReplicaSet with fewer ready replicas than {@code min_healthy_replicas} asks.
 * Stateless.
 */
public final class TerminateActionner implements Actionner {

    static final String GRACE = "grace_period_seconds";
    static final String IGNORE_DAEMONSETS = "ignore_daemonsets";
    static final String IGNORE_STATEFULSETS = "ignore_statefulsets";
    static final String IGNORE_STANDALONE = "ignore_standalone_pods";
    static final String MIN_HEALTHY = "min_healthy_replicas";

    @Override
    public String name() {
        return "kubernetes:terminate";
    }

    /** As in Talon: a terminated pod's rule stops here unless the action says {@code continue: true}. */
    @Override
    public boolean continueByDefault() {
        return false;
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(GRACE, IGNORE_DAEMONSETS, IGNORE_STATEFULSETS, IGNORE_STANDALONE, MIN_HEALTHY);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        p.integer(GRACE, 0, 0, 86_400);
        p.bool(IGNORE_DAEMONSETS, false);
        p.bool(IGNORE_STATEFULSETS, false);
        p.bool(IGNORE_STANDALONE, false);
        if (p.has(MIN_HEALTHY)) {
            MinHealthyReplicas.parse(MIN_HEALTHY, p.string(MIN_HEALTHY, ""));
        }
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return KubernetesAccess.pod(alert).target();
    }

    @Override
    public String describe(ActionRequest request) {
        ActionParameters p = request.parameters();
        return "would delete " + request.target() + " (grace period " + p.integer(GRACE, 0, 0, 86_400) + "s)"
                + (p.has(MIN_HEALTHY) ? " unless its ReplicaSet has fewer ready replicas than min_healthy_replicas "
                        + MinHealthyReplicas.parse(MIN_HEALTHY, p.string(MIN_HEALTHY, "")) : "");
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        ActionParameters p = request.parameters();
        KubernetesAccess.PodRef ref = KubernetesAccess.pod(request.alert());
        Map<String, String> objects = Map.of("pod", ref.name(), "namespace", ref.namespace());
        KubernetesAccess.Calls api = KubernetesAccess.calls(request.environment());
        Pod pod = KubernetesAccess.get(api, ref);
        String owner = KubernetesAccess.ownerKind(pod);
        if ("DaemonSet".equals(owner) && p.bool(IGNORE_DAEMONSETS, false)) {
            return ActionOutcome.ignored("the " + ref.target() + " belongs to a DaemonSet and is left alone", objects);
        }
        if ("StatefulSet".equals(owner) && p.bool(IGNORE_STATEFULSETS, false)) {
            return ActionOutcome.ignored("the " + ref.target() + " belongs to a StatefulSet and is left alone", objects);
        }
        if (owner == null && p.bool(IGNORE_STANDALONE, false)) {
            return ActionOutcome.ignored("the " + ref.target() + " has no owner (a standalone pod) and is left alone", objects);
        }
        if ("ReplicaSet".equals(owner) && p.has(MIN_HEALTHY)) {
            String tooFew = tooFewReady(api, pod, ref, MinHealthyReplicas.parse(MIN_HEALTHY, p.string(MIN_HEALTHY, "")));
            if (tooFew != null) {
                return ActionOutcome.ignored(tooFew, objects);
            }
        }
        long grace = p.integer(GRACE, 0, 0, 86_400);
        var deleted = api.call("delete " + ref.target(),
                client -> client.pods().inNamespace(ref.namespace()).withName(ref.name()).withGracePeriod(grace).delete());
        if (deleted == null || deleted.isEmpty()) {
            throw new IllegalStateException("the " + ref.target() + " was gone before it could be deleted");
        }
        return ActionOutcome.done("deleted " + ref.target() + " (grace period " + grace + "s)", objects);
    }

    /**
     * Why the pod is spared (its ReplicaSet has fewer ready replicas than {@code min} needs), or null
     * when it may be deleted. Talon compares the ReplicaSet's ready replicas, before the deletion.
     */
    private static String tooFewReady(KubernetesAccess.Calls api, Pod pod, KubernetesAccess.PodRef ref, MinHealthyReplicas min) {
        String name = pod.getMetadata().getOwnerReferences().get(0).getName();
        ReplicaSet rs = api.call("read replicaset " + ref.namespace() + "/" + name,
                client -> client.apps().replicaSets().inNamespace(ref.namespace()).withName(name).get());
        if (rs == null) {
            throw new IllegalStateException("the ReplicaSet '" + name + "' that owns the " + ref.target()
                    + " does not exist, so min_healthy_replicas cannot be checked; the pod was not deleted");
        }
        long desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        long ready = rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
        long required = min.required(desired);
        if (ready >= required) {
            return null;
        }
        String parent = KubernetesAccess.ownerKind(rs.getMetadata().getOwnerReferences()) == null ? ""
                : " (of " + rs.getMetadata().getOwnerReferences().get(0).getKind() + " "
                        + rs.getMetadata().getOwnerReferences().get(0).getName() + ")";
        return "the " + ref.target() + " is left alone: its ReplicaSet " + name + parent + " has " + ready + " of "
                + desired + " replicas ready and min_healthy_replicas " + min
                + (min.percent() ? " (" + required + " of " + desired + ")" : "") + " needs " + required;
    }
}
