package dev.kestrel.bench.stream;

import java.util.Map;

/** Container and pod metadata, as a sensor or a metadata provider supplies it. Pod fields are null for plain containers. */
public record ContainerRecord(String id, String name, String repository, String tag, boolean privileged,
        String podName, String namespace, String podUid, Map<String, String> podLabels) {

    public ContainerRecord {
        podLabels = Map.copyOf(podLabels);
    }

    /** {@code repository:tag}. */
    public String image() {
        return repository + ":" + tag;
    }
}
