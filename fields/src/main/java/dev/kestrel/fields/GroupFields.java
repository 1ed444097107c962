package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.GroupMetadata;
import java.util.Map;

/** The {@code group} field class: the group a process runs as ({@code <NA>} for an unknown name). */
public final class GroupFields extends CatalogueFieldClass {

    public GroupFields() {
        super("group", "the group a process runs as", Map.of(
                "group.gid", n(c -> c.process() == null || c.process().gid() < 0 ? NONE : c.process().gid()),
                "group.name", s(c -> {
                    if (c.process() == null || c.process().gid() < 0) {
                        return null;
                    }
                    GroupMetadata g = c.state().users().group(c.process().containerId(), c.process().gid());
                    return g == null || g.name() == null ? UserFields.NA : g.name();
                })));
    }
}
