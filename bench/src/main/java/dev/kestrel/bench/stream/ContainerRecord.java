package dev.kestrel.bench.stream;

import java.util.Map;

/** Container and pod metadata, as a sensor or a metadata provider supplies it. Pod fields are null for plain containers. */
public record ContainerRecord(String id, String name, String repository, String tag, boolean privileged,
        String podName, String namespace, String podUid, Map<String, String> podLabels) {

    public ContainerRecord {
        podLabels = Map.copyOf(podLabels);
    }

    /** The full 64-hex-digit id the short id abbreviates (deterministic filler after the 12 given digits). */
    public String fullId() {
        StringBuilder full = new StringBuilder(id);
        while (full.length() < 64) {
            full.append(id, 0, Math.min(id.length(), 64 - full.length()));
        }
        return full.toString();
    }

    /** The cgroup line of a process in this container, in the systemd/containerd kubepods layout. */
    public String cgroup() {
        String pod = podUid == null ? "" : "kubepods-besteffort-pod" + podUid.replace('-', '_') + ".slice/";
        return "cpuset=/kubepods.slice/kubepods-besteffort.slice/" + pod + "cri-containerd-" + fullId() + ".scope";
    }

    /** {@code repository:tag}. */
    public String image() {
        return repository + ":" + tag;
    }
}
