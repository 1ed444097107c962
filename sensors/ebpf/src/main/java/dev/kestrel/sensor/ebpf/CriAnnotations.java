package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.util.List;
import java.util.Map;

/**
 * A container and its pod as an OCI bundle's annotations describe them: the names the CRI writes
 * (containerd's {@code io.kubernetes.cri.*}, CRI-O's {@code io.kubernetes.*}) and the manager
 * podman and CRI-O name ({@code io.container.manager}). Stateless.
 */
final class CriAnnotations {

    /** The annotation podman ({@code libpod}) and CRI-O ({@code cri-o}) put their name in. */
    static final String MANAGER = "io.container.manager";

    private CriAnnotations() {
    }

    /**
     * Container {@code fullId} and, when the annotations name one, its pod. {@code container.type} is
     * one of Falco's values: from the manager annotation, else the CRI runtime of a pod, else
     * {@code typeHint} (what the state root or the cgroup layout says), else null. A pod without a uid
     * annotation has a null uid (as in Falco), never a made-up one.
     *
     * @param privileged whether its spec is a privileged container's ({@link OciSpec})
     * @param startNanos the creation time, ns since the epoch (0 if unknown)
     * @param provisional whether the annotations came from a bundle rather than the runtime's state
     */
    static Found describe(String fullId, Map<String, String> a, boolean privileged, long startNanos, String typeHint,
                          boolean provisional) {
        String id = fullId.substring(0, 12);
        // CRI-O copies the pod's own annotations into the spec, so a pod could write containerd's keys there (and,
        // where containerd passes some through, CRI-O's): only the keys of the runtime the node says it is are read.
        Keys keys = "cri-o".equals(typeHint) || typeHint == null && "cri-o".equals(a.get(MANAGER)) ? Keys.CRIO
                : "containerd".equals(typeHint) ? Keys.CONTAINERD : Keys.EITHER;
        String name = keys.value(a, "io.kubernetes.cri.container-name", "io.kubernetes.container.name");
        String image = keys.value(a, "io.kubernetes.cri.image-name", "io.kubernetes.cri-o.ImageName");
        String podName = keys.value(a, "io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name");
        String namespace = keys.value(a, "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.pod.namespace");
        String podUid = keys.value(a, "io.kubernetes.cri.sandbox-uid", "io.kubernetes.pod.uid");
        String sandbox = keys.value(a, "io.kubernetes.cri.sandbox-id", "io.kubernetes.cri-o.SandboxID");
        ImageName img = ImageName.of(image);
        ContainerMetadata container = new ContainerMetadata(id, fullId, name != null ? name : id, image, img.repository(),
                img.tag(), null, img.digest(), type(a, podName != null, typeHint), privileged, Map.of(), List.of(), startNanos,
                null, false, false, false, podUid);
        PodMetadata pod = podName == null ? null
                : new PodMetadata(podUid, podName, namespace, Map.of(), null, sandbox, List.of(id));
        return new Found(container, pod, provisional);
    }

    /** Falco's container.type: docker, podman, containerd, cri-o ... */
    private static String type(Map<String, String> a, boolean inPod, String typeHint) {
        String manager = a.get(MANAGER);
        if ("libpod".equals(manager)) {
            return "podman";
        }
        if ("cri-o".equals(manager)) {
            return "cri-o";
        }
        if (inPod) {
            return a.keySet().stream().anyMatch(k -> k.startsWith("io.kubernetes.cri-o.")) ? "cri-o" : "containerd";
        }
        return typeHint;
    }

    /**
     * An image reference split as Falco splits it: the digest is what follows {@code @}
     * ({@code sha256:...}), the tag what follows the last colon after the last slash before it.
     */
    record ImageName(String repository, String tag, String digest) {

        static ImageName of(String image) {
            if (image == null) {
                return new ImageName(null, null, null);
            }
            int at = image.indexOf('@');
            String base = at >= 0 ? image.substring(0, at) : image;
            String digest = at >= 0 && at + 1 < image.length() ? image.substring(at + 1) : null;
            int colon = base.lastIndexOf(':');
            if (colon > base.lastIndexOf('/')) {
                return new ImageName(base.substring(0, colon), base.substring(colon + 1), digest);
            }
            return new ImageName(base, null, digest);
        }
    }

    /** Whose annotation keys are read: containerd's, CRI-O's, or containerd's first when the runtime is not known. */
    private enum Keys {
        CONTAINERD, CRIO, EITHER;

        String value(Map<String, String> a, String containerdKey, String crioKey) {
            String v = this == CRIO ? null : a.get(containerdKey);
            if ((v == null || v.isEmpty()) && this != CONTAINERD) {
                v = a.get(crioKey);
            }
            return v == null || v.isEmpty() ? null : v;
        }
    }
}
