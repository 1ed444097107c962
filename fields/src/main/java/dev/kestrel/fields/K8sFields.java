package dev.kestrel.fields;

import java.util.Map;

/** The {@code k8s} field class: the Kubernetes pod of a container (from pod metadata). */
public final class K8sFields extends CatalogueFieldClass {

    public K8sFields() {
        super("k8s", Map.of());
    }
}
