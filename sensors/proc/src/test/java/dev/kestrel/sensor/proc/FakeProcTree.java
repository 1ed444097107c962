package dev.kestrel.sensor.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes the parts of a fake {@code /proc} tree that an fd scan reads: fd links, fdinfo, ns/net and net tables. */
final class FakeProcTree {

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    private static final String UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";

    private final Path root;

    FakeProcTree(Path root) {
        this.root = root;
    }

    /** fd {@code fd} of {@code pid} links to {@code target} (a path or a text such as {@code pipe:[5]}). */
    FakeProcTree fd(long pid, long fd, String target) {
        try {
            Path dir = Files.createDirectories(root.resolve(pid + "/fd"));
            Files.createSymbolicLink(dir.resolve(Long.toString(fd)), Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The {@code flags:} of fd {@code fd} of {@code pid}, in octal as the kernel prints them. */
    FakeProcTree flags(long pid, long fd, long flags) {
        return write(pid + "/fdinfo/" + fd, "pos:\t0\nflags:\t0" + Long.toOctalString(flags) + "\nmnt_id:\t25\nino:\t1\n");
    }

    /** {@code pid}'s network namespace link. */
    FakeProcTree netNamespace(long pid, long ns) {
        try {
            Path dir = Files.createDirectories(root.resolve(pid + "/ns"));
            Files.createSymbolicLink(dir.resolve("net"), Path.of("net:[" + ns + "]"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A line of {@code pid}'s {@code net/<table>} (tcp, tcp6, udp, udp6) for socket {@code inode}; hex endpoints as the kernel prints them. */
    FakeProcTree ipSocket(long pid, String table, String local, String remote, long inode) {
        return ipSocket(pid, table, local, remote, "01", inode);
    }

    /** As {@link #ipSocket(long, String, String, String, long)}, in TCP state {@code state} (0A: listening). */
    FakeProcTree ipSocket(long pid, String table, String local, String remote, String state, long inode) {
        Path file = root.resolve(pid + "/net/" + table);
        String line = "   0: " + local + " " + remote + " " + state + " 00000000:00000000 00:00000000 00000000  1000        0 "
                + inode + " 1 0000000000000000 20 4 30 10 -1\n";
        return append(file, TCP_HEADER, line);
    }

    /** A line of {@code pid}'s {@code net/unix} for socket {@code inode} bound to {@code path} ("" for none). */
    FakeProcTree unixSocket(long pid, long inode, String path) {
        String line = "0000000000000000: 00000002 00000000 00010000 0001 01 " + inode + (path.isEmpty() ? "" : " " + path) + "\n";
        return append(root.resolve(pid + "/net/unix"), UNIX_HEADER, line);
    }

    FakeProcTree write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private FakeProcTree append(Path file, String header, String line) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
