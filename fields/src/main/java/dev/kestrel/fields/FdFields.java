package dev.kestrel.fields;

import java.util.Map;

/** The {@code fd} field class: file descriptors (files, sockets and their endpoints). */
public final class FdFields extends CatalogueFieldClass {

    public FdFields() {
        super("fd", Map.of());
    }
}
