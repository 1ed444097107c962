package dev.kestrel.fields;

import java.util.Map;

/** The {@code evt} field class: syscall events (type, arguments, return value, time). */
public final class EvtFields extends CatalogueFieldClass {

    public EvtFields() {
        super("evt", Map.of());
    }
}
