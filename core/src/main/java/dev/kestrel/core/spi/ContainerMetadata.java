package dev.kestrel.core.spi;

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
}
