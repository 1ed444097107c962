package dev.kestrel.core.spi;

import java.util.List;
import java.util.Map;

/**
 * What is known about one Kubernetes pod, from a metadata record or a {@link MetadataProvider}.
 *
 * @param uid the pod uid (k8s.pod.uid)
 * @param name the pod name
 * @param namespace the namespace name
 * @param labels the pod labels
 * @param ip the pod IP, or null
 * @param sandboxId the pod sandbox id, or null
 * @param containerIds the 12-character ids of the pod's containers (may be empty when the containers
 *                     name the pod through {@link ContainerMetadata#podUid})
 */
public record PodMetadata(String uid, String name, String namespace, Map<String, String> labels, String ip,
                          String sandboxId, List<String> containerIds) {

    public PodMetadata {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        containerIds = containerIds == null ? List.of() : List.copyOf(containerIds);
    }
}
