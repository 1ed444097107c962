package dev.kestrel.fields.state;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * Users and groups by id, the host's and each container's (read from its own {@code /etc/passwd}, as
 * libsinsp keeps a list per container), from records in the stream or given by the host. Root (0) is
 * always known. The table is bounded (entries over all lists) and stops adding, counted, when full.
 */
public final class UserTable {

    private final Accounts host = new Accounts();
    private final Map<String, Accounts> containers = new HashMap<>();
    private final int max;
    private int entries;
    long dropped;

    /** One list of users and one of groups. */
    private static final class Accounts {
        final LongObjectMap<UserMetadata> users = new LongObjectMap<>(64);
        final LongObjectMap<GroupMetadata> groups = new LongObjectMap<>(64);
    }

    UserTable(int max) {
        this.max = max;
        host.users.put(0, new UserMetadata(0, "root", "/root", "/bin/bash"));
        host.groups.put(0, new GroupMetadata(0, "root"));
    }

    /** Adds or replaces a user of the host. */
    public void put(UserMetadata u) {
        put(u, null);
    }

    /** Adds or replaces a group of the host. */
    public void put(GroupMetadata g) {
        put(g, null);
    }

    /** Adds or replaces a user of container {@code containerId} (null or {@code host}: the host's). */
    public void put(UserMetadata u, String containerId) {
        Accounts a = accounts(containerId, true);
        if (a == null || a.users.get(u.uid()) == null && !room()) {
            dropped++;
            return;
        }
        if (a.users.get(u.uid()) == null) {
            entries++;
        }
        a.users.put(u.uid(), u);
    }

    /** Adds or replaces a group of container {@code containerId} (null or {@code host}: the host's). */
    public void put(GroupMetadata g, String containerId) {
        Accounts a = accounts(containerId, true);
        if (a == null || a.groups.get(g.gid()) == null && !room()) {
            dropped++;
            return;
        }
        if (a.groups.get(g.gid()) == null) {
            entries++;
        }
        a.groups.put(g.gid(), g);
    }

    /** The host's user {@code uid}, or null. */
    public UserMetadata user(long uid) {
        return host.users.get(uid);
    }

    /** The host's group {@code gid}, or null. */
    public GroupMetadata group(long gid) {
        return host.groups.get(gid);
    }

    /**
     * User {@code uid} as a process of container {@code containerId} sees it: from the container's list
     * when it has one (root is root everywhere), else from the host's.
     */
    public UserMetadata user(String containerId, long uid) {
        Accounts a = accounts(containerId, false);
        if (a == null || uid == 0) {
            return host.users.get(uid);
        }
        return a.users.get(uid);
    }

    /** Group {@code gid} as a process of container {@code containerId} sees it, as {@link #user(String, long)}. */
    public GroupMetadata group(String containerId, long gid) {
        Accounts a = accounts(containerId, false);
        if (a == null || gid == 0) {
            return host.groups.get(gid);
        }
        return a.groups.get(gid);
    }

    private boolean room() {
        return entries < max;
    }

    /** The lists of {@code containerId} (the host's for null or host); made when {@code create} and there is room. */
    private Accounts accounts(String containerId, boolean create) {
        if (containerId == null || containerId.isEmpty() || containerId.equals("host")) {
            return create ? host : null;
        }
        Accounts a = containers.get(containerId);
        if (a == null && create && room()) {
            a = new Accounts();
            containers.put(containerId, a);
        }
        return a;
    }
}
