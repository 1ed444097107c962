package dev.kestrel.fields;

import java.util.Map;

/** The {@code group} field class: the group a thread runs as. */
public final class GroupFields extends CatalogueFieldClass {

    public GroupFields() {
        super("group", Map.of());
    }
}
