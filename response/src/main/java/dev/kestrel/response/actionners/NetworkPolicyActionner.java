package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code kubernetes:networkpolicy}: isolates the alert's pod with an egress NetworkPolicy selecting
 * the pod by the labels of its owner's selector (ReplicaSet, DaemonSet, StatefulSet; the pod's own
 * labels for a standalone pod, minus the per-revision hash labels), named after the owner. All
 * egress is denied except to {@code allow_cidr} blocks and {@code allow_namespaces}. Creates the
 * policy, or replaces the one Kestrel made before. Stateless.
 */
public final class NetworkPolicyActionner implements Actionner {

    static final String ALLOW_CIDR = "allow_cidr";
    static final String ALLOW_NAMESPACES = "allow_namespaces";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final Set<String> REVISION_LABELS = Set.of("pod-template-hash", "pod-template-generation",
            "controller-revision-hash");
    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*/(12[0-8]|1[01]\\d|\\d?\\d)");

    @Override
    public String name() {
        return "kubernetes:networkpolicy";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(ALLOW_CIDR, ALLOW_NAMESPACES);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        for (String cidr : p.strings(ALLOW_CIDR)) {
            if (!CIDR.matcher(cidr.trim()).matches()) {
                throw new ActionParameters.InvalidParameterException(ALLOW_CIDR, "'" + cidr
                        + "' in parameter 'allow_cidr' is not a CIDR block such as 10.0.0.0/8");
            }
        }
        p.strings(ALLOW_NAMESPACES);
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return KubernetesAccess.pod(alert).target();
    }

    @Override
    public String describe(ActionRequest request) {
        ActionParameters p = request.parameters();
        return "would deny egress of " + request.target() + allowed(p);
    }

    private static String allowed(ActionParameters p) {
        List<String> allowed = new ArrayList<>(p.strings(ALLOW_CIDR));
        p.strings(ALLOW_NAMESPACES).forEach(ns -> allowed.add("namespace " + ns));
        return allowed.isEmpty() ? " entirely" : " except to " + String.join(", ", allowed);
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        KubernetesAccess.PodRef ref = KubernetesAccess.pod(request.alert());
        KubernetesAccess.Calls api = KubernetesAccess.calls(request.environment());
        Pod pod = KubernetesAccess.get(api, ref);
        String owner = pod.getMetadata().getName();
        Map<String, String> selector = pod.getMetadata().getLabels();
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners != null && !owners.isEmpty()) {
            OwnerReference o = owners.get(0);
            owner = o.getName();
            LabelSelector s = switch (o.getKind()) {
                case "ReplicaSet" -> api.call("read replicaset " + ref.namespace() + "/" + o.getName(),
                        client -> orNull(client.apps().replicaSets().inNamespace(ref.namespace()).withName(o.getName()).get(),
                                r -> r.getSpec().getSelector()));
                case "DaemonSet" -> api.call("read daemonset " + ref.namespace() + "/" + o.getName(),
                        client -> orNull(client.apps().daemonSets().inNamespace(ref.namespace()).withName(o.getName()).get(),
                                r -> r.getSpec().getSelector()));
                case "StatefulSet" -> api.call("read statefulset " + ref.namespace() + "/" + o.getName(),
                        client -> orNull(client.apps().statefulSets().inNamespace(ref.namespace()).withName(o.getName()).get(),
                                r -> r.getSpec().getSelector()));
                default -> null;
            };
            if (s != null && s.getMatchLabels() != null && !s.getMatchLabels().isEmpty()) {
                selector = s.getMatchLabels();
            }
        }
        Map<String, String> labels = new TreeMap<>(selector == null ? Map.of() : selector);
        labels.keySet().removeAll(REVISION_LABELS);
        if (labels.isEmpty()) {
            throw new IllegalStateException("the " + ref.target() + " has no labels to select it by, so no NetworkPolicy"
                    + " can isolate it");
        }
        ActionParameters p = request.parameters();
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        for (String cidr : p.strings(ALLOW_CIDR)) {
            peers.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr.trim()).endIpBlock().build());
        }
        for (String ns : p.strings(ALLOW_NAMESPACES)) {
            peers.add(new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                    .withMatchLabels(Map.of("kubernetes.io/metadata.name", ns)).endNamespaceSelector().build());
        }
        Map<String, String> policyLabels = new LinkedHashMap<>(labels);
        policyLabels.put(MANAGED_BY, "kestrel");
        NetworkPolicySpecBuilder spec = new NetworkPolicySpecBuilder()
                .withNewPodSelector().withMatchLabels(labels).endPodSelector().withPolicyTypes("Egress");
        if (!peers.isEmpty()) {
            spec.addNewEgress().withTo(peers).endEgress();
        }
        NetworkPolicy built = new NetworkPolicyBuilder()
                .withNewMetadata().withName(owner).withNamespace(ref.namespace()).withLabels(policyLabels).endMetadata()
                .withSpec(spec.build()).build();
        String name = owner;
        NetworkPolicy existing = api.call("read networkpolicy " + ref.namespace() + "/" + name,
                client -> client.network().v1().networkPolicies().inNamespace(ref.namespace()).withName(name).get());
        String verb;
        if (existing == null) {
            api.call("create networkpolicy " + ref.namespace() + "/" + name,
                    client -> client.network().v1().networkPolicies().inNamespace(ref.namespace()).resource(built).create());
            verb = "created";
        } else {
            built.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            api.call("update networkpolicy " + ref.namespace() + "/" + name,
                    client -> client.network().v1().networkPolicies().inNamespace(ref.namespace()).resource(built).update());
            verb = "updated";
        }
        return ActionOutcome.done(verb + " networkpolicy " + ref.namespace() + "/" + name + " denying egress of "
                + ref.target() + allowed(p), Map.of("pod", ref.name(), "namespace", ref.namespace(), "networkpolicy", name));
    }

    private static <T> LabelSelector orNull(T owner, Function<T, LabelSelector> selector) {
        return owner == null ? null : selector.apply(owner);
    }
}
