package dev.kestrel.fields;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.PathNames;
import dev.kestrel.fields.state.StateContext;
import java.util.Arrays;

/**
 * Which parameters of a path-based event hold its path (or source and target paths), and the
 * directory fds they are relative to; resolved per event type once, for fs.path and evt.abspath.
 */
final class EventPaths {

    /** What a path field reads: the single path, or the source or target of two-path calls. */
    enum Role { NAME, SOURCE, TARGET }

    private static final long AT_FDCWD = -100;
    private static final int N = EventType.values().length;
    private static final int[][] PATH = new int[3][N];
    private static final int[][] DIR = new int[3][N];

    static {
        for (int[] a : PATH) {
            Arrays.fill(a, -1);
        }
        for (int[] a : DIR) {
            Arrays.fill(a, -1);
        }
        name(EventType.OPEN, "name", null);
        name(EventType.OPENAT, "name", "dirfd");
        name(EventType.OPENAT2, "name", "dirfd");
        name(EventType.CREAT, "name", null);
        name(EventType.MKDIR, "path", null);
        name(EventType.MKDIRAT, "path", "dirfd");
        name(EventType.RMDIR, "path", null);
        name(EventType.UNLINK, "path", null);
        name(EventType.UNLINKAT, "name", "dirfd");
        name(EventType.CHMOD, "filename", null);
        name(EventType.FCHMODAT, "filename", "dirfd");
        name(EventType.CHDIR, "path", null);
        name(EventType.CHROOT, "path", null);
        name(EventType.CHOWN, "path", null);
        name(EventType.EXECVE, "filename", null);
        name(EventType.EXECVEAT, "pathname", "dirfd");
        name(EventType.UMOUNT2, "name", null);
        two(EventType.RENAME, "oldpath", null, "newpath", null);
        two(EventType.RENAMEAT, "oldpath", "olddirfd", "newpath", "newdirfd");
        two(EventType.RENAMEAT2, "oldpath", "olddirfd", "newpath", "newdirfd");
        two(EventType.LINK, "oldpath", null, "newpath", null);
        two(EventType.LINKAT, "oldpath", "olddir", "newpath", "newdir");
        two(EventType.SYMLINK, "target", null, "linkpath", null);
        two(EventType.SYMLINKAT, "target", null, "linkpath", "linkdirfd");
    }

    private EventPaths() {
    }

    private static void name(EventType t, String path, String dir) {
        set(Role.NAME, t, path, dir);
    }

    private static void two(EventType t, String src, String srcDir, String dst, String dstDir) {
        set(Role.SOURCE, t, src, srcDir);
        set(Role.TARGET, t, dst, dstDir);
    }

    private static void set(Role role, EventType t, String path, String dir) {
        PATH[role.ordinal()][t.ordinal()] = t.slotIfPresent(path);
        DIR[role.ordinal()][t.ordinal()] = dir == null ? -1 : t.slotIfPresent(dir);
    }

    /** The path as the call received it, or null when the event has none in that role. */
    static String raw(StateContext c, Role role) {
        Event e = c.event();
        int slot = PATH[role.ordinal()][e.type().ordinal()];
        return slot < 0 ? null : e.text(slot);
    }

    /** The path made absolute against the directory fd or the working directory, or null. */
    static String absolute(StateContext c, Role role) {
        String raw = raw(c, role);
        if (raw == null || raw.startsWith("/")) {
            return raw == null ? null : PathNames.clean(raw);
        }
        Event e = c.event();
        int dirSlot = DIR[role.ordinal()][e.type().ordinal()];
        long dirfd = dirSlot < 0 ? AT_FDCWD : e.number(dirSlot, AT_FDCWD);
        String dir;
        if (dirfd == AT_FDCWD) {
            dir = c.process() == null ? null : c.process().cwd();
        } else {
            FdInfo f = c.process() == null ? null : c.process().fds().get(dirfd);
            dir = f == null ? null : f.name();
        }
        return PathNames.absolute(dir, raw);
    }
}
