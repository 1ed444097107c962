package dev.kestrel.fields;

import java.util.Map;

/** The {@code proc} field class: processes and threads (names, command lines, ancestors, ids). */
public final class ProcFields extends CatalogueFieldClass {

    public ProcFields() {
        super("proc", Map.of());
    }
}
