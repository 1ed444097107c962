package dev.kestrel.fields;

import java.util.Map;

/** The {@code fs.path} field class: paths of path-based syscalls. */
public final class FsPathFields extends CatalogueFieldClass {

    public FsPathFields() {
        super("fs.path", Map.of());
    }
}
