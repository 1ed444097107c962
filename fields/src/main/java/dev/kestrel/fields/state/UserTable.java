package dev.kestrel.fields.state;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users and groups by id, the host's and each container's (read from its own {@code /etc/passwd}, as
 * libsinsp keeps a list per container), from records in the stream or given by the host. Root (0) is
 * always known. Bounded: the host's list to {@code max} entries; the containers' lists to {@code max}
 * entries together and {@link #MAX_PER_CONTAINER} each, the oldest container's list giving way to a
 * new one's; what is refused or given up is counted.
 */
public final class UserTable {

    /** Most users and groups one container's list holds (a sensor sends 4,096 of each at most). */
    static final int MAX_PER_CONTAINER = 8_192;

    private final Accounts host = new Accounts();
    /** In the order their lists were first read, the oldest first (reading a list never changes the table). */
    private final LinkedHashMap<String, Accounts> containers = new LinkedHashMap<>();
    private final int max;
    private int containerEntries;
    long dropped;
    /** Containers' lists given up to make room for others. */
    long evicted;

    /** One list of users and one of groups. */
    private static final class Accounts {
        final LongObjectMap<UserMetadata> users = new LongObjectMap<>(64);
        final LongObjectMap<GroupMetadata> groups = new LongObjectMap<>(64);
        int entries;
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
        Accounts a = accounts(containerId);
        if (a.users.get(u.uid()) == null && !room(a)) {
            dropped++;
            return;
        }
        if (a.users.get(u.uid()) == null) {
            added(a);
        }
        a.users.put(u.uid(), u);
    }

    /** Adds or replaces a group of container {@code containerId} (null or {@code host}: the host's). */
    public void put(GroupMetadata g, String containerId) {
        Accounts a = accounts(containerId);
        if (a.groups.get(g.gid()) == null && !room(a)) {
            dropped++;
            return;
        }
        if (a.groups.get(g.gid()) == null) {
            added(a);
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
        Accounts a = existing(containerId);
        if (a == null || uid == 0) {
            return host.users.get(uid);
        }
        return a.users.get(uid);
    }

    /** Group {@code gid} as a process of container {@code containerId} sees it, as {@link #user(String, long)}. */
    public GroupMetadata group(String containerId, long gid) {
        Accounts a = existing(containerId);
        if (a == null || gid == 0) {
            return host.groups.get(gid);
        }
        return a.groups.get(gid);
    }

    /**
     * Whether {@code a} may take one more entry: the host's list up to {@code max}; a container's up to
     * {@link #MAX_PER_CONTAINER}, the oldest other containers' lists given up while all of them together
     * hold {@code max}.
     */
    private boolean room(Accounts a) {
        if (a == host) {
            return host.entries < max;
        }
        if (a.entries >= MAX_PER_CONTAINER) {
            return false;
        }
        Iterator<Map.Entry<String, Accounts>> oldest = containers.entrySet().iterator();
        while (containerEntries >= max && oldest.hasNext()) {
            Accounts other = oldest.next().getValue();
            if (other != a) {
                containerEntries -= other.entries;
                oldest.remove();
                evicted++;
            }
        }
        return containerEntries < max;
    }

    private void added(Accounts a) {
        a.entries++;
        if (a != host) {
            containerEntries++;
        }
    }

    /** The lists of {@code containerId} (the host's for null or host), made when new. */
    private Accounts accounts(String containerId) {
        if (isHost(containerId)) {
            return host;
        }
        return containers.computeIfAbsent(containerId, k -> new Accounts());
    }

    /** The lists of container {@code containerId}, or null (the host's, or none read). */
    private Accounts existing(String containerId) {
        return isHost(containerId) ? null : containers.get(containerId);
    }

    private static boolean isHost(String containerId) {
        return containerId == null || containerId.isEmpty() || containerId.equals("host");
    }
}
