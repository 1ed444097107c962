package dev.kestrel.core.spi;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import java.util.Optional;

/**
 * Supplies container and pod metadata that the event stream does not carry (from a container
 * runtime socket, the Kubernetes API, a file...). Found through {@link java.util.ServiceLoader} or
 * given to the state explicitly. Lookups run off the event path and may block; until one completes
 * the container shows only its id, as Falco shows a container it has not looked up yet.
 */
public interface MetadataProvider {

    /** A short name for logs and counters. */
    String name();

    /** The metadata of container {@code containerId} (12 characters), or empty when unknown. */
    Optional<ContainerMetadata> container(String containerId);

    /** The metadata of the pod with {@code podUid}, or empty when unknown. */
    default Optional<PodMetadata> pod(String podUid) {
        return Optional.empty();
    }

    /**
     * The pod of container {@code containerId} when its metadata names none by uid (the runtime wrote no
     * uid annotation), or empty when unknown.
     */
    default Optional<PodMetadata> podOfContainer(String containerId) {
        return Optional.empty();
    }
}
