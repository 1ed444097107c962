package dev.kestrel.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * A container of a test world, optionally in a Kubernetes pod. Immutable; the withers return copies.
 *
 * @param id the container id (12 characters or the full 64; Kestrel keeps the first 12)
 * @param name the container's name; null: the image's last path element
 * @param image the image as {@code repository[:tag]}; null: {@code busybox:latest}
 * @param pod the pod's name, or null for a container outside Kubernetes
 * @param namespace the pod's namespace; null: {@code default}
 * @param labels the pod's labels (k8s.pod.labels); never null
 * @param privileged whether the container runs privileged
 * @param ip the container's address; null: one is chosen from 10.244.0.0/16
 */
public record Container(String id, String name, String image, String pod, String namespace,
        Map<String, String> labels, boolean privileged, String ip) {

    public Container {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A container with only an id and an image; everything else defaults. */
    public static Container of(String id, String image) {
        return new Container(id, null, image, null, null, Map.of(), false, null);
    }

    public Container withName(String name) {
        return new Container(id, name, image, pod, namespace, labels, privileged, ip);
    }

    /** This container in pod {@code pod} of {@code namespace}. */
    public Container inPod(String pod, String namespace) {
        return new Container(id, name, image, pod, namespace, labels, privileged, ip);
    }

    public Container withLabels(Map<String, String> labels) {
        return new Container(id, name, image, pod, namespace, labels, privileged, ip);
    }

    public Container withPrivileged(boolean privileged) {
        return new Container(id, name, image, pod, namespace, labels, privileged, ip);
    }

    public Container withIp(String ip) {
        return new Container(id, name, image, pod, namespace, labels, privileged, ip);
    }
}
