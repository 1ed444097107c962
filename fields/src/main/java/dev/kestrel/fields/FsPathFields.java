package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.s;

import java.util.Map;

/** The {@code fs.path} field class: the paths path-based syscalls operate on, raw and absolute. */
public final class FsPathFields extends CatalogueFieldClass {

    public FsPathFields() {
        super("fs.path", "paths of path-based syscalls (open, rename, link...)", Map.of(
                "fs.path.name", s(c -> EventPaths.absolute(c, EventPaths.Role.NAME)),
                "fs.path.nameraw", s(c -> EventPaths.raw(c, EventPaths.Role.NAME)),
                "fs.path.source", s(c -> EventPaths.absolute(c, EventPaths.Role.SOURCE)),
                "fs.path.sourceraw", s(c -> EventPaths.raw(c, EventPaths.Role.SOURCE)),
                "fs.path.target", s(c -> EventPaths.absolute(c, EventPaths.Role.TARGET)),
                "fs.path.targetraw", s(c -> EventPaths.raw(c, EventPaths.Role.TARGET))));
    }
}
