package dev.kestrel.fields.state;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;

/**
 * Users and groups by id, from records in the stream or given by the host. Root (0) is always
 * known; the table is bounded and stops adding (and counts) when full.
 */
public final class UserTable {

    private final LongObjectMap<UserMetadata> users = new LongObjectMap<>(64);
    private final LongObjectMap<GroupMetadata> groups = new LongObjectMap<>(64);
    private final int max;
    long dropped;

    UserTable(int max) {
        this.max = max;
        users.put(0, new UserMetadata(0, "root", "/root", "/bin/bash"));
        groups.put(0, new GroupMetadata(0, "root"));
    }

    /** Adds or replaces a user. */
    public void put(UserMetadata u) {
        if (users.get(u.uid()) == null && users.size() >= max) {
            dropped++;
            return;
        }
        users.put(u.uid(), u);
    }

    /** Adds or replaces a group. */
    public void put(GroupMetadata g) {
        if (groups.get(g.gid()) == null && groups.size() >= max) {
            dropped++;
            return;
        }
        groups.put(g.gid(), g);
    }

    public UserMetadata user(long uid) {
        return users.get(uid);
    }

    public GroupMetadata group(long gid) {
        return groups.get(gid);
    }
}
