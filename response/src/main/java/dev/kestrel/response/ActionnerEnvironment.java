package dev.kestrel.response;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a {@link Responder} offers its actionners: settings and resources shared between them (one
 * Kubernetes client for all {@code kubernetes:*} actionners). Thread-safe.
 */
public interface ActionnerEnvironment {

    /** A responder setting such as {@code kubeconfig}, or null when it is not set. */
    String setting(String name);

    /** How long one call to an outside system (API server, URL) may take before it fails. */
    Duration callTimeout();

    /**
     * The resource of {@code type} shared by this responder's actionners, made by {@code maker} on first
     * use; closed with the responder when it is {@link AutoCloseable}.
     */
    <T> T shared(Class<T> type, Supplier<? extends T> maker);
}
