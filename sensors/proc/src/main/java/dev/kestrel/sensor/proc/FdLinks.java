package dev.kestrel.sensor.proc;

import dev.kestrel.core.event.FdSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the link of one {@code /proc/PID/fd/N} entry into an {@link FdSnapshot}, as libscap classifies
 * it: pipes and anonymous inodes by the link's text, files and directories by what the link reaches.
 * Sockets are resolved elsewhere ({@link SocketTables}); anything unreadable gives a plainer answer, never an error.
 */
final class FdLinks {

    private static final Map<String, String> ANON_KINDS = Map.of("anon_inode:[eventfd]", "event",
            "anon_inode:[signalfd]", "signalfd", "anon_inode:[eventpoll]", "eventpoll", "anon_inode:inotify", "inotify",
            "anon_inode:[timerfd]", "timerfd", "anon_inode:[io_uring]", "io_uring",
            "anon_inode:[userfaultfd]", "userfaultfd", "anon_inode:[pidfd]", "pidfd");
    private static final String SOCKET = "socket:[";
    private static final String PIPE = "pipe:[";
    private static final String ANON = "anon_inode:";
    private static final String MEMFD = "/memfd:";
    private static final String DELETED = " (deleted)";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFIFO = 0010000;
    private static final long O_DIRECTORY = 0200000;

    private final Path root;

    FdLinks(Path procRoot) {
        this.root = procRoot;
    }

    /** What the link {@code entry} points to, or null when it cannot be read (gone, or not permitted). */
    static String target(Path entry) {
        try {
            return Files.readSymbolicLink(entry).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** The inode of a socket's link {@code socket:[N]}, or -1 for any other link. */
    static long socketInode(String link) {
        return link.startsWith(SOCKET) ? bracketed(link) : -1;
    }

    /** The fd {@code fd} of {@code pid} whose link {@code entry} reads {@code link}; not a socket. */
    FdSnapshot snapshot(long pid, long fd, String link, Path entry) {
        if (link.startsWith(PIPE)) {
            return new FdSnapshot(pid, fd, "pipe", link, 0, Math.max(0, bracketed(link)), null, null);
        }
        if (link.startsWith(ANON)) {
            String kind = ANON_KINDS.get(link);
            if (kind == null) {
                kind = link.startsWith(ANON + "bpf") || link.startsWith(ANON + "[bpf") ? "bpf" : "unknown";
            }
            return new FdSnapshot(pid, fd, kind, "", 0, 0, null, null);
        }
        if (link.startsWith(MEMFD)) {
            // named as the live sensors name a memfd_create's fd
            String name = link.endsWith(DELETED) ? link.substring(1, link.length() - DELETED.length()) : link.substring(1);
            return new FdSnapshot(pid, fd, "memfd", name, 0, 0, null, null);
        }
        long[] modeAndInode = modeAndInode(entry);
        long type = modeAndInode[0] & S_IFMT;
        if (type == S_IFIFO) {
            return new FdSnapshot(pid, fd, "pipe", link, 0, modeAndInode[1], null, null);
        }
        long flags = openFlags(pid, fd);
        boolean directory = modeAndInode[0] < 0 ? (flags & O_DIRECTORY) != 0 : type == S_IFDIR;
        return new FdSnapshot(pid, fd, directory ? "directory" : "file", link, Math.max(0, flags), modeAndInode[1],
                null, null);
    }

    /** The network namespace of {@code pid} ({@code net:[N]}), or a key of its own when it cannot be read. */
    String netNamespace(long pid) {
        String ns = target(root.resolve(Long.toString(pid)).resolve("ns").resolve("net"));
        return ns != null ? ns : "pid:" + pid;
    }

    /** The file mode and inode number of what {@code entry} reaches; {-1, 0} when it cannot be read. */
    private static long[] modeAndInode(Path entry) {
        try {
            Map<String, Object> a = Files.readAttributes(entry, "unix:mode,ino");
            return new long[] {((Number) a.get("mode")).longValue(), ((Number) a.get("ino")).longValue()};
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException
                 | ClassCastException | NullPointerException e) {
            return new long[] {-1, 0};
        }
    }

    /** The open flags on the {@code flags:} line (octal) of {@code /proc/PID/fdinfo/FD}, or -1. */
    private long openFlags(long pid, long fd) {
        Path info = root.resolve(Long.toString(pid)).resolve("fdinfo").resolve(Long.toString(fd));
        try (BufferedReader in = Files.newBufferedReader(info, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("flags:")) {
                    return Long.parseLong(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | SecurityException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The bytes {@code s} takes in UTF-8. */
    static long utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The number between the brackets of {@code kind:[N]}, or -1. */
    private static long bracketed(String link) {
        int open = link.indexOf('[');
        int close = link.lastIndexOf(']');
        return open < 0 || close <= open ? -1 : ProcScanner.number(link.substring(open + 1, close));
    }
}
