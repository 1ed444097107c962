package dev.kestrel.core.event;

import java.util.List;
import java.util.Map;

/**
 * What is known about one Kubernetes pod, from a metadata record or a {@link MetadataProvider}.
 *
 * @param uid the pod uid (k8s.pod.uid), or null when the runtime did not say (the pod is then known by
 *            namespace and name, through its {@code containerIds})
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

    /** A builder: unknown text null, no labels, no containers; {@code uid} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PodMetadata} one named value at a time; not thread-safe, reusable after {@link #build}. */
    public static final class Builder {
        private String uid;
        private String name;
        private String namespace;
        private Map<String, String> labels;
        private String ip;
        private String sandboxId;
        private List<String> containerIds;

        private Builder() {
        }

        /** Sets uid. */
        public Builder uid(String uid) {
            this.uid = uid;
            return this;
        }

        /** Sets name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets namespace. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** Sets labels. */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /** Sets ip. */
        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        /** Sets sandboxId. */
        public Builder sandboxId(String sandboxId) {
            this.sandboxId = sandboxId;
            return this;
        }

        /** Sets containerIds. */
        public Builder containerIds(List<String> containerIds) {
            this.containerIds = containerIds;
            return this;
        }

        /** The record, with defaults for what was not set. */
        public PodMetadata build() {
            if (uid == null || uid.isEmpty()) {
                throw new IllegalArgumentException("a pod record needs a uid");
            }
            return new PodMetadata(uid, name, namespace, labels, ip, sandboxId, containerIds);
        }
    }
}
