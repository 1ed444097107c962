package dev.kestrel.fields;

import java.util.Map;

/** The {@code user} field class: the user a thread runs as. */
public final class UserFields extends CatalogueFieldClass {

    public UserFields() {
        super("user", Map.of());
    }
}
