package dev.kestrel.sensor.proc;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's users and groups from {@code /etc/passwd} and {@code /etc/group}, as Falco reads them
 * at start for {@code user.name} and {@code group.name}, or a container's, read through its process's
 * root ({@link #ofContainer}). At most {@link #MAX_ENTRIES} of each and {@link #MAX_BYTES} of either
 * file; malformed lines are skipped. An unreadable or larger file gives no entries.
 */
public final class HostAccounts {

    /** Most entries read from either file. */
    public static final int MAX_ENTRIES = 65_536;
    /** Most bytes read from either file. */
    public static final long MAX_BYTES = 4L << 20;

    private final Path passwd;
    private final Path group;
    private final boolean container;

    /** The accounts under {@code root} (usually {@code /}). */
    public HostAccounts(Path root) {
        this(root, false);
    }

    private HostAccounts(Path root, boolean container) {
        this.passwd = root.resolve("etc/passwd");
        this.group = root.resolve("etc/group");
        this.container = container;
    }

    /**
     * A container's accounts, under its process's root ({@code /proc/<pid>/root}). Its files are the
     * container's to write: a symbolic link at {@code etc} or at either file (which would be followed from
     * the host's root, not the container's) gives no entries, and so does a file others may not read.
     */
    public static HostAccounts ofContainer(Path processRoot) {
        return new HostAccounts(processRoot, true);
    }

    /** Users: {@code name:x:uid:gid:gecos:home:shell}. */
    public List<UserMetadata> users() {
        List<UserMetadata> out = new ArrayList<>();
        for (String[] f : rows(passwd, 7)) {
            long uid = number(f[2]);
            if (uid >= 0) {
                out.add(new UserMetadata(uid, f[0], f[5], f[6]));
            }
        }
        return out;
    }

    /** Groups: {@code name:x:gid:members}. */
    public List<GroupMetadata> groups() {
        List<GroupMetadata> out = new ArrayList<>();
        for (String[] f : rows(group, 3)) {
            long gid = number(f[2]);
            if (gid >= 0) {
                out.add(new GroupMetadata(gid, f[0]));
            }
        }
        return out;
    }

    private List<String[]> rows(Path file, int minFields) {
        List<String[]> rows = new ArrayList<>();
        List<String> lines;
        try {
            // Only a plain file: a link is followed from the host's root, and a FIFO would block the open. And
            // only one anybody may read, as these always are: this process reads as root, and a user may bind
            // a file only root can read (/etc/shadow, /proc/kmsg) over the passwd of a root of their own.
            if (container && (Files.isSymbolicLink(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OTHERS_READ))) {
                return rows;
            }
            FileHead head = container ? FileHead.read(file, (int) MAX_BYTES, LinkOption.NOFOLLOW_LINKS)
                    : FileHead.read(file, (int) MAX_BYTES);
            if (head == null || head.cut()) {
                return rows;
            }
            lines = head.text().lines().toList();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return rows;
        }
        for (String line : lines) {
            if (rows.size() >= MAX_ENTRIES) {
                break;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= minFields) {
                rows.add(f);
            }
        }
        return rows;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
