package dev.kestrel.fields;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.state.PathNames;
import dev.kestrel.fields.state.ProcessInfo;
import dev.kestrel.fields.state.StateContext;
import java.util.Arrays;

/**
 * Which parameters of a path-based event hold its path (or source and target paths), and the
 * directory fds they are relative to; resolved per event type once, for fs.path and evt.abspath.
 * Also which parameters libsinsp types as file system paths, whose {@code evt.arg} form is resolved.
 */
final class EventPaths {

    /** What a path field reads: the single path, or the source or target of two-path calls. */
    enum Role { NAME, SOURCE, TARGET }

    /** {@link #argumentDirectory}: the parameter is not a file system path. */
    static final int NOT_A_PATH = -2;
    /** {@link #argumentDirectory}: the parameter is a path relative to the working directory. */
    static final int WORKING_DIRECTORY = -1;

    private static final int N = EventType.values().length;
    private static final int[][] PATH = new int[3][N];
    private static final int[][] DIR = new int[3][N];
    /** Per type and slot: NOT_A_PATH, WORKING_DIRECTORY, or the slot of the dirfd a relative path starts from. */
    private static final int[][] ARGUMENT_DIR = new int[N][];

    static {
        for (EventType t : EventType.values()) {
            ARGUMENT_DIR[t.ordinal()] = new int[t.params().size()];
            Arrays.fill(ARGUMENT_DIR[t.ordinal()], NOT_A_PATH);
        }
        for (int[] a : PATH) {
            Arrays.fill(a, -1);
        }
        for (int[] a : DIR) {
            Arrays.fill(a, -1);
        }
        // Each name() and two() path is also a file system path parameter in libs' event table
        // (PT_FSPATH, or PT_FSRELPATH with its dirfd), whose evt.arg form is resolved.
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
        // Path roles whose parameter is text in libs (chdir's path, a symlink's target): never resolved.
        set(Role.NAME, EventType.CHDIR, "path", null);
        for (EventType t : new EventType[] {EventType.SYMLINK, EventType.SYMLINKAT}) {
            set(Role.SOURCE, t, "target", null);
            set(Role.TARGET, t, "linkpath", t == EventType.SYMLINK ? null : "linkdirfd");
            argument(t, "linkpath", t == EventType.SYMLINK ? null : "linkdirfd");
        }
        // File system path parameters with no fs.path role.
        argument(EventType.MOUNT, "dir", null);
        argument(EventType.EXECVE, "trusted_exepath", null);
        argument(EventType.EXECVEAT, "trusted_exepath", null);
    }

    private EventPaths() {
    }

    private static void argument(EventType t, String path, String dir) {
        ARGUMENT_DIR[t.ordinal()][t.slot(path)] = dir == null ? WORKING_DIRECTORY : t.slot(dir);
    }

    /**
     * Whether parameter {@code slot} of {@code t} is a file system path whose {@code evt.arg} form is
     * resolved: {@link #NOT_A_PATH}, {@link #WORKING_DIRECTORY}, or the slot of its directory fd.
     */
    static int argumentDirectory(EventType t, int slot) {
        int[] dirs = ARGUMENT_DIR[t.ordinal()];
        return slot < 0 || slot >= dirs.length ? NOT_A_PATH : dirs[slot];
    }

    /**
     * The resolved form libsinsp gives path parameter {@code raw} (what {@code evt.arg} prints): a
     * relative path joined to the directory {@code directory} names (see {@link #argumentDirectory})
     * and normalised; null when there is none (not a path; absolute, empty or nothing left).
     */
    static String resolvedArgument(StateContext c, String raw, int directory) {
        if (directory == NOT_A_PATH || raw == null || raw.isEmpty() || raw.startsWith("/")
                || raw.equals("<NA>") || c.process() == null) {
            return null;
        }
        long dirfd = directory == WORKING_DIRECTORY ? ProcessInfo.AT_FDCWD
                : c.event().number(directory, ProcessInfo.AT_FDCWD);
        return PathNames.resolve(c.process().directoryFor(dirfd), raw);
    }

    private static void name(EventType t, String path, String dir) {
        set(Role.NAME, t, path, dir);
        argument(t, path, dir);
    }

    private static void two(EventType t, String src, String srcDir, String dst, String dstDir) {
        set(Role.SOURCE, t, src, srcDir);
        set(Role.TARGET, t, dst, dstDir);
        argument(t, src, srcDir);
        argument(t, dst, dstDir);
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
        long dirfd = dirSlot < 0 ? ProcessInfo.AT_FDCWD : e.number(dirSlot, ProcessInfo.AT_FDCWD);
        return PathNames.absolute(c.process() == null ? null : c.process().directoryFor(dirfd), raw);
    }
}
