package dev.kestrel.fields;

import java.util.Map;

/** The {@code container} field class: the container of a thread (from container metadata). */
public final class ContainerFields extends CatalogueFieldClass {

    public ContainerFields() {
        super("container", Map.of());
    }
}
