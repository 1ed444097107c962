package dev.kestrel.sensor.proc;

import dev.kestrel.core.event.FdSnapshot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the open fds of running processes as libscap does when it starts: the links in
 * {@code /proc/PID/fd}, a file's open flags from {@code fdinfo}, a socket's ends from its network
 * namespace's tables. Bounded by {@link FdScanLimits}; what is left out is counted, never an error.
 * The root is a parameter so tests can point it at a fake tree.
 */
public final class OpenFdScanner {

    private final Path root;
    private final FdScanLimits limits;
    private final FdLinks links;
    private final SocketTables sockets;

    /** A scanner of the real {@code /proc}. */
    public static OpenFdScanner system(FdScanLimits limits) {
        return new OpenFdScanner(Path.of("/proc"), limits);
    }

    public OpenFdScanner(Path procRoot, FdScanLimits limits) {
        this.root = procRoot;
        this.limits = limits;
        this.links = new FdLinks(procRoot);
        this.sockets = new SocketTables(procRoot);
    }

    /** The open fds of the processes {@code pids}; the limits keep the fds of the first ones first. */
    public OpenFds scan(List<Long> pids) {
        Scan scan = new Scan();
        for (long pid : pids) {
            scan.process(pid);
        }
        scan.resolveSockets();
        return scan.result();
    }

    /**
     * The name bytes held for a socket until its tables are read: more than an IPv6 tuple or a unix
     * socket's path (108 bytes) take, so its real name fits in what it gives back, unless a path's
     * bytes that are not UTF-8 grow it when decoded (then the name is checked against what is left).
     */
    static final long SOCKET_NAME_RESERVE = 128;

    /** A socket fd waiting for its namespace's tables to be read. */
    private record PendingSocket(long pid, long fd, long inode) {
    }

    /** The processes sharing one network namespace, and the sockets they hold. */
    private static final class Namespace {
        final List<Long> pids = new ArrayList<>();
        final List<PendingSocket> pending = new ArrayList<>();
    }

    /** One call of {@link #scan}: what it found so far and its counts. */
    private final class Scan {
        private final Map<Long, List<FdSnapshot>> byPid = new LinkedHashMap<>();
        private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
        private long lastPid = -1;
        private Namespace lastNamespace;
        private long taken;
        private long nameBytes;
        private long overProcessLimit;
        private long overTotalLimit;
        private long overNameBytes;
        private long closedWhileRead;
        private long deniedFds;
        private boolean denied;
        private long socketsNotFound;
        private long unnamedUnixSockets;
        private long unreadableDirs;
        private long vanishedProcesses;

        void process(long pid) {
            List<FdSnapshot> kept = new ArrayList<>();
            int inProcess = 0;
            denied = false;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(Long.toString(pid)).resolve("fd"))) {
                for (Path entry : entries) {
                    long fd = ProcScanner.number(entry.getFileName().toString());
                    if (fd < 0) {
                        continue;
                    }
                    if (denied) {
                        deniedFds++;
                    } else if (inProcess >= limits.maxFdsPerProcess()) {
                        overProcessLimit++;
                    } else if (taken >= limits.maxFds()) {
                        overTotalLimit++;
                    } else if (take(pid, fd, entry, kept)) {
                        inProcess++;
                    }
                }
            } catch (NoSuchFileException e) {
                vanishedProcesses++;
            } catch (DirectoryIteratorException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    vanishedProcesses++;
                } else {
                    unreadableDirs++;
                }
            } catch (IOException | SecurityException e) {
                // another user's process (without the right to read its fds), or one that ended while listed
                unreadableDirs++;
            }
            if (!kept.isEmpty()) {
                byPid.put(pid, kept);
            }
        }

        /** Reads one fd; whether it took a place within the limits. */
        private boolean take(long pid, long fd, Path entry, List<FdSnapshot> kept) {
            String link;
            try {
                link = Files.readSymbolicLink(entry).toString();
            } catch (AccessDeniedException e) {
                // the right to read one fd is the right to read them all: the process's other fds are not tried
                denied = true;
                deniedFds++;
                return false;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                closedWhileRead++;
                return false;
            }
            long inode = FdLinks.socketInode(link);
            if (inode > 0) {
                // Its name comes from the tables later: its bytes are reserved now, in scan order.
                if (!fitsName(SOCKET_NAME_RESERVE)) {
                    overNameBytes++;
                    return false;
                }
                namespace(pid).pending.add(new PendingSocket(pid, fd, inode));
            } else {
                FdSnapshot s = links.snapshot(pid, fd, link, entry);
                if (!fitsName(s.name())) {
                    overNameBytes++;
                    return false;
                }
                kept.add(s);
            }
            taken++;
            return true;
        }

        /** The namespace of {@code pid}, its link read once per process. */
        private Namespace namespace(long pid) {
            if (lastPid != pid || lastNamespace == null) {
                lastNamespace = namespaces.computeIfAbsent(links.netNamespace(pid), k -> new Namespace());
                lastNamespace.pids.add(pid);
                lastPid = pid;
            }
            return lastNamespace;
        }

        private boolean fitsName(String name) {
            return fitsName(FdLinks.utf8Bytes(name));
        }

        private boolean fitsName(long n) {
            if (nameBytes + n > limits.maxNameBytes()) {
                return false;
            }
            nameBytes += n;
            return true;
        }

        void resolveSockets() {
            for (Namespace ns : namespaces.values()) {
                Set<Long> inodes = new HashSet<>();
                ns.pending.forEach(p -> inodes.add(p.inode()));
                Map<Long, SocketTables.SocketEnd> found = sockets.find(ns.pids, inodes);
                for (PendingSocket p : ns.pending) {
                    SocketTables.SocketEnd end = found.get(p.inode());
                    nameBytes -= SOCKET_NAME_RESERVE;
                    if (end == null) {
                        socketsNotFound++;
                    } else if (!fitsName(end.name())) {
                        overNameBytes++;
                    } else {
                        if (end.ambiguous()) {
                            unnamedUnixSockets++;
                        }
                        byPid.computeIfAbsent(p.pid(), k -> new ArrayList<>()).add(new FdSnapshot(p.pid(), p.fd(),
                                end.type(), end.name(), 0, p.inode(), end.tuple(), end.l4proto()));
                    }
                }
            }
        }

        OpenFds result() {
            Map<Long, List<FdSnapshot>> sorted = new HashMap<>();
            long kept = 0;
            for (Map.Entry<Long, List<FdSnapshot>> e : byPid.entrySet()) {
                List<FdSnapshot> fds = new ArrayList<>(e.getValue());
                fds.sort(Comparator.comparingLong(FdSnapshot::fd));
                sorted.put(e.getKey(), List.copyOf(fds));
                kept += fds.size();
            }
            return new OpenFds(sorted, new FdScanCounts(kept, overProcessLimit, overTotalLimit, overNameBytes,
                    closedWhileRead, deniedFds, socketsNotFound, unreadableDirs, vanishedProcesses, unnamedUnixSockets));
        }
    }
}
