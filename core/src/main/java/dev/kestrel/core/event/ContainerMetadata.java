package dev.kestrel.core.event;

import java.util.List;
import java.util.Map;

/**
 * What is known about one container, from a metadata record in the event stream or a
 * {@link MetadataProvider}. Unknown text is null, unknown booleans false.
 *
 * @param id the 12-character container id (container.id)
 * @param fullId the full id, or null
 * @param name the container name
 * @param image the image with its tag ({@code nginx:1.25})
 * @param imageRepository the image repository without tag
 * @param imageTag the image tag
 * @param imageId the image id
 * @param imageDigest the image digest
 * @param type the runtime (docker, containerd, cri-o...)
 * @param privileged whether the container is privileged
 * @param labels the container labels
 * @param mounts the mounts, in order
 * @param startNanos when the container started, ns since the epoch (0 if unknown)
 * @param ip the container's primary IP, or null
 * @param hostPid whether it shares the host PID namespace
 * @param hostNetwork whether it shares the host network namespace
 * @param hostIpc whether it shares the host IPC namespace
 * @param podUid the uid of the pod it belongs to, or null
 */
public record ContainerMetadata(String id, String fullId, String name, String image, String imageRepository,
                                String imageTag, String imageId, String imageDigest, String type,
                                boolean privileged, Map<String, String> labels, List<Mount> mounts,
                                long startNanos, String ip, boolean hostPid, boolean hostNetwork,
                                boolean hostIpc, String podUid) {

    public ContainerMetadata {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /** A minimal record: id, name, image repository and tag. */
    public static ContainerMetadata of(String id, String name, String repository, String tag) {
        return new ContainerMetadata(id, null, name, tag == null ? repository : repository + ":" + tag, repository,
                tag, null, null, null, false, Map.of(), List.of(), 0, null, false, false, false, null);
    }

    /** One mount of a container ({@code source:dest:mode:rdwr:propagation} in container.mounts). */
    public record Mount(String source, String destination, String mode, boolean readWrite, String propagation) {
    }

    /** A builder: unknown text null, flags false; {@code id} is required (a longer id is kept as {@code fullId} and shortened to 12 characters). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ContainerMetadata} one named value at a time; not thread-safe, reusable after {@link #build}. */
    public static final class Builder {
        private String id;
        private String fullId;
        private String name;
        private String image;
        private String imageRepository;
        private String imageTag;
        private String imageId;
        private String imageDigest;
        private String type;
        private boolean privileged;
        private Map<String, String> labels;
        private List<Mount> mounts;
        private long startNanos;
        private String ip;
        private boolean hostPid;
        private boolean hostNetwork;
        private boolean hostIpc;
        private String podUid;

        private Builder() {
        }

        /** Sets id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets fullId. */
        public Builder fullId(String fullId) {
            this.fullId = fullId;
            return this;
        }

        /** Sets name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets image. */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** Sets imageRepository. */
        public Builder imageRepository(String imageRepository) {
            this.imageRepository = imageRepository;
            return this;
        }

        /** Sets imageTag. */
        public Builder imageTag(String imageTag) {
            this.imageTag = imageTag;
            return this;
        }

        /** Sets imageId. */
        public Builder imageId(String imageId) {
            this.imageId = imageId;
            return this;
        }

        /** Sets imageDigest. */
        public Builder imageDigest(String imageDigest) {
            this.imageDigest = imageDigest;
            return this;
        }

        /** Sets type. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Sets privileged. */
        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        /** Sets labels. */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /** Sets mounts. */
        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        /** Sets startNanos. */
        public Builder startNanos(long startNanos) {
            this.startNanos = startNanos;
            return this;
        }

        /** Sets ip. */
        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        /** Sets hostPid. */
        public Builder hostPid(boolean hostPid) {
            this.hostPid = hostPid;
            return this;
        }

        /** Sets hostNetwork. */
        public Builder hostNetwork(boolean hostNetwork) {
            this.hostNetwork = hostNetwork;
            return this;
        }

        /** Sets hostIpc. */
        public Builder hostIpc(boolean hostIpc) {
            this.hostIpc = hostIpc;
            return this;
        }

        /** Sets podUid. */
        public Builder podUid(String podUid) {
            this.podUid = podUid;
            return this;
        }

        /** The record, with defaults for what was not set. */
        public ContainerMetadata build() {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a container record needs an id");
            }
            String shortId = id.length() > 12 ? id.substring(0, 12) : id;
            String full = id.length() > 12 && fullId == null ? id : fullId;
            String repository = imageRepository;
            String tag = imageTag;
            String img = image;
            if (img == null && repository != null) {
                img = tag == null ? repository : repository + ":" + tag;
            }
            return new ContainerMetadata(shortId, full, name, img, repository, tag, imageId, imageDigest, type,
                    privileged, labels, mounts, startNanos, ip, hostPid, hostNetwork, hostIpc, podUid);
        }
    }
}
