package dev.kestrel.fields;

import java.util.Map;

/** The {@code fdlist} field class: fd lists of poll events. */
public final class FdlistFields extends CatalogueFieldClass {

    public FdlistFields() {
        super("fdlist", "fd lists of poll events (not extracted)", Map.of());
    }
}
