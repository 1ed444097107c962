package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kestrel.core.event.FdSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open fds read from a fake /proc tree, and from the real one for this JVM. */
class OpenFdScannerTest {

    private static final long O_RDWR = 02;
    private static final long O_APPEND = 02000;
    private static final long O_LARGEFILE = 0100000;
    private static final long O_DIRECTORY = 0200000;
    private static final long O_CLOEXEC = 02000000;

    @TempDir
    Path proc;

    @TempDir
    Path files;

    private OpenFds scan(FdScanLimits limits, Long... pids) {
        return new OpenFdScanner(proc, limits).scan(List.of(pids));
    }

    private static long entryCount(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    private static long inode(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    @Test
    void filesDirectoriesPipesAndAnonymousInodesAreReadWithTheirNamesFlagsAndInodes() throws IOException {
        Path etc = Files.createDirectories(files.resolve("etc"));
        Path log = Files.writeString(files.resolve("app.log"), "x");
        new FakeProcTree(proc)
                .fd(100, 0, "pipe:[777]")
                .fd(100, 3, etc.toString()).flags(100, 3, O_DIRECTORY | O_LARGEFILE | O_CLOEXEC)
                .fd(100, 4, log.toString()).flags(100, 4, O_RDWR | O_APPEND | O_LARGEFILE)
                .fd(100, 5, "anon_inode:[eventfd]")
                .fd(100, 6, "anon_inode:bpf-map")
                .fd(100, 7, "anon_inode:[perf_event]")
                .fd(100, 8, "/memfd:jit (deleted)");

        OpenFds found = scan(FdScanLimits.DEFAULTS, 100L);

        assertThat(found.of(100)).containsExactly(
                new FdSnapshot(100, 0, "pipe", "pipe:[777]", 0, 777, null, null),
                new FdSnapshot(100, 3, "directory", etc.toString(), O_DIRECTORY | O_LARGEFILE | O_CLOEXEC, inode(etc), null, null),
                new FdSnapshot(100, 4, "file", log.toString(), O_RDWR | O_APPEND | O_LARGEFILE, inode(log), null, null),
                new FdSnapshot(100, 5, "event", "", 0, 0, null, null),
                new FdSnapshot(100, 6, "bpf", "", 0, 0, null, null),
                new FdSnapshot(100, 7, "unknown", "", 0, 0, null, null),
                new FdSnapshot(100, 8, "memfd", "memfd:jit", 0, 0, null, null));
        assertThat(found.counts()).isEqualTo(new FdScanCounts(7, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void socketsAreFoundByInodeInTheirNamespacesTables() {
        new FakeProcTree(proc)
                .netNamespace(200, 4026531840L)
                .fd(200, 3, "socket:[1001]")
                .fd(200, 4, "socket:[1002]")
                .fd(200, 5, "socket:[1003]")
                .fd(200, 6, "socket:[1004]")
                .fd(200, 7, "socket:[1005]")
                // 127.0.0.1:8080 -> 127.0.0.1:43210, connected
                .ipSocket(200, "tcp", "0100007F:1F90", "0100007F:A8CA", 1001)
                // [::]:22, listening
                .ipSocket(200, "tcp6", "00000000000000000000000000000000:0016", "00000000000000000000000000000000:0000", 1002)
                // 0.0.0.0:53, a bound datagram socket
                .ipSocket(200, "udp", "00000000:0035", "00000000:0000", 1003)
                .unixSocket(200, 1004, "/run/app.sock");

        OpenFds found = scan(FdScanLimits.DEFAULTS, 200L);

        assertThat(found.of(200)).containsExactly(
                new FdSnapshot(200, 3, "ipv4", "127.0.0.1:8080->127.0.0.1:43210", 0, 1001,
                        "127.0.0.1:8080->127.0.0.1:43210", "tcp"),
                new FdSnapshot(200, 4, "ipv6", "[::]:22", 0, 1002, "[::]:22", "tcp"),
                new FdSnapshot(200, 5, "ipv4", "0.0.0.0:53", 0, 1003, "0.0.0.0:53", "udp"),
                new FdSnapshot(200, 6, "unix", "/run/app.sock", 0, 1004, null, null));
        assertThat(found.counts().socketsNotFound()).as("socket 1005 is in no table (a packet socket, say)").isEqualTo(1);
        assertThat(found.counts().kept()).isEqualTo(4);
    }

    @Test
    void aServersConnectionReadsClientToServerAsLibsinspTurnsItAndRawSocketsAreFound() {
        new FakeProcTree(proc)
                .netNamespace(210, 4026531840L)
                .fd(210, 3, "socket:[1101]")
                .fd(210, 4, "socket:[1102]")
                .fd(210, 5, "socket:[1103]")
                // 0.0.0.0:8080 listening (another process's fd: the port alone makes the server's ends)
                .ipSocket(210, "tcp", "00000000:1F90", "00000000:0000", "0A", 1100)
                // the server's end of a connection from 10.0.0.9:43210 to 10.0.0.1:8080
                .ipSocket(210, "tcp", "0100000A:1F90", "0900000A:A8CA", 1101)
                // a client's connection from 10.0.0.1:40000 to 10.0.0.7:5432, no listener on 40000
                .ipSocket(210, "tcp", "0100000A:9C40", "0700000A:1538", 1102)
                // a raw ICMP socket (the port column is the protocol), and a raw ICMPv6 one
                .ipSocket(210, "raw", "00000000:0001", "00000000:0000", "07", 1103)
                .fd(210, 6, "socket:[1104]")
                .ipSocket(210, "raw6", "00000000000000000000000000000000:003A", "00000000000000000000000000000000:0000", "07", 1104);

        OpenFds found = scan(FdScanLimits.DEFAULTS, 210L);

        assertThat(found.of(210)).containsExactly(
                new FdSnapshot(210, 3, "ipv4", "10.0.0.9:43210->10.0.0.1:8080", 0, 1101, "10.0.0.9:43210->10.0.0.1:8080", "tcp"),
                new FdSnapshot(210, 4, "ipv4", "10.0.0.1:40000->10.0.0.7:5432", 0, 1102, "10.0.0.1:40000->10.0.0.7:5432", "tcp"),
                new FdSnapshot(210, 5, "ipv4", "0.0.0.0:1", 0, 1103, "0.0.0.0:1", "raw"),
                new FdSnapshot(210, 6, "ipv6", "[::]:58", 0, 1104, "[::]:58", "raw"));
        assertThat(found.counts().socketsNotFound()).isZero();
    }

    @Test
    void theFirstProcessesSocketsKeepTheirPlaceInTheNameBudgetAgainstLaterProcessesFiles() {
        String file = "/var/lib/" + "f".repeat(91); // 100 bytes
        new FakeProcTree(proc)
                .netNamespace(220, 5).fd(220, 3, "socket:[1201]")
                .ipSocket(220, "tcp", "0100007F:1F90", "0100007F:A8CA", 1201)
                .netNamespace(221, 5).fd(221, 3, file).fd(221, 4, file + "2");

        // 128 bytes held for the socket, then 100 for the first file fit in 230; the second (101) does not.
        // Charged in the old order (files first, sockets last), both files would fit and the socket not.
        OpenFds found = scan(new FdScanLimits(100, 100, 230), 220L, 221L);

        assertThat(found.of(220)).extracting(FdSnapshot::name).containsExactly("127.0.0.1:8080->127.0.0.1:43210");
        assertThat(found.of(221)).extracting(FdSnapshot::name).containsExactly(file);
        assertThat(found.counts().overNameBytes()).isEqualTo(1);
    }

    @Test
    void aNamespacesTablesAreReadThroughAnotherOfItsProcessesWhenTheFirstIsGone() {
        new FakeProcTree(proc)
                .netNamespace(300, 7).fd(300, 3, "socket:[2001]")
                .netNamespace(301, 7).fd(301, 4, "socket:[2002]")
                .netNamespace(302, 8).fd(302, 5, "socket:[2001]")
                .unixSocket(301, 2001, "@abstract")
                .unixSocket(301, 2002, "");

        OpenFds found = scan(FdScanLimits.DEFAULTS, 300L, 301L, 302L);

        assertThat(found.of(300)).containsExactly(new FdSnapshot(300, 3, "unix", "@abstract", 0, 2001, null, null));
        assertThat(found.of(301)).containsExactly(new FdSnapshot(301, 4, "unix", "", 0, 2002, null, null));
        assertThat(found.of(302)).as("another namespace: 302 has no tables of its own").isEmpty();
        assertThat(found.counts().socketsNotFound()).isEqualTo(1);
    }

    @Test
    void aMissingOrUnreadableFdDirectoryIsSkippedAndCounted() throws IOException {
        Files.createDirectories(proc.resolve("400"));
        // root reads any directory, so an unreadable one is made by putting a file where the directory should be
        new FakeProcTree(proc).write("401/fd", "not a directory").fd(402, 1, "pipe:[9]");

        OpenFds found = scan(FdScanLimits.DEFAULTS, 400L, 401L, 402L, 403L);

        assertThat(found.byPid().keySet()).containsExactly(402L);
        assertThat(found.counts()).isEqualTo(new FdScanCounts(1, 0, 0, 0, 0, 0, 0, 1, 2, 0));
    }

    @Test
    void aDanglingLinkCountsAsClosedWhileRead() {
        // a link whose target cannot be read is an fd closed between listing and reading
        new FakeProcTree(proc).write("500/fd/7", "a plain file, not a link").fd(500, 8, "pipe:[1]");

        OpenFds found = scan(FdScanLimits.DEFAULTS, 500L);

        assertThat(found.of(500)).extracting(FdSnapshot::fd).containsExactly(8L);
        assertThat(found.counts().closedWhileRead()).isEqualTo(1);
    }

    @Test
    void thePerProcessLimitKeepsThatManyFdsAndCountsTheRest() {
        FakeProcTree tree = new FakeProcTree(proc);
        for (int fd = 0; fd < 10; fd++) {
            tree.fd(600, fd, "pipe:[" + (50 + fd) + "]");
        }
        tree.fd(601, 0, "pipe:[99]");

        OpenFds found = scan(new FdScanLimits(4, 1_000, 1_000), 600L, 601L);

        assertThat(found.of(600)).hasSize(4).allSatisfy(f -> assertThat(f.ino()).isEqualTo(50 + f.fd()));
        assertThat(found.of(601)).hasSize(1);
        assertThat(found.counts().overProcessLimit()).isEqualTo(6);
        assertThat(found.counts().kept() + found.counts().notKept()).isEqualTo(11);
    }

    @Test
    void theTotalLimitKeepsTheFirstProcessesFdsAndCountsTheRest() {
        FakeProcTree tree = new FakeProcTree(proc);
        for (int fd = 0; fd < 3; fd++) {
            tree.fd(700, fd, "pipe:[" + fd + "]").fd(701, fd, "pipe:[" + fd + "]");
        }

        OpenFds found = scan(new FdScanLimits(100, 4, 1_000), 700L, 701L);

        assertThat(found.of(700)).hasSize(3);
        assertThat(found.of(701)).hasSize(1);
        assertThat(found.counts().overTotalLimit()).isEqualTo(2);
    }

    @Test
    void theNameBytesLimitSkipsTheFdsWhoseNamesDoNotFit() {
        // "pipe:[1]" is 8 bytes: two fit in 20, the third does not; a nameless fd always fits
        new FakeProcTree(proc).fd(800, 0, "pipe:[1]").fd(800, 1, "pipe:[2]").fd(800, 2, "pipe:[3]")
                .fd(800, 3, "anon_inode:[eventpoll]");

        OpenFds found = scan(new FdScanLimits(100, 100, 20), 800L);

        assertThat(found.of(800)).hasSize(3).extracting(FdSnapshot::type).containsOnlyOnce("eventpoll");
        assertThat(found.counts().overNameBytes()).isEqualTo(1);
    }

    @Test
    void readsTheRealFdsOfThisJvm() throws IOException {
        Path file = Files.writeString(files.resolve("open.txt"), "x");
        long self = ProcessHandle.current().pid();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND);
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            OpenFds found = OpenFdScanner.system(FdScanLimits.DEFAULTS).scan(List.of(self));

            assertThat(found.of(self)).filteredOn(f -> f.name().equals(file.toString())).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo("file");
                assertThat(f.openFlags() & (O_APPEND | 03)).as("write-only, append").isEqualTo(O_APPEND | 01);
                assertThat(f.ino()).isEqualTo(inode(file));
            });
            assertThat(found.of(self)).filteredOn(f -> f.name().equals("127.0.0.1:" + server.getLocalPort()))
                    .singleElement().satisfies(f -> {
                        assertThat(f.type()).isIn("ipv4", "ipv6");
                        assertThat(f.l4proto()).isEqualTo("tcp");
                        assertThat(f.tuple()).isEqualTo(f.name());
                    });
            assertThat(found.counts().unreadableDirs()).isZero();
            assertThat(found.counts().deniedFds()).isZero();
        }
    }

    @Test
    void theFdsOfAProcessThisJvmMayNotReadAreCountedAsDeniedNotAsClosed() throws IOException {
        long pid = -1;
        long listed = 0;
        for (ProcEntry p : ProcScanner.system().scan()) {
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            List<Path> first;
            try (Stream<Path> entries = Files.list(fds)) {
                first = entries.limit(1).toList();
            } catch (IOException e) {
                continue; // a directory this JVM may not list is another case (unreadableDirs)
            }
            try {
                if (!first.isEmpty()) {
                    Files.readSymbolicLink(first.get(0));
                }
            } catch (AccessDeniedException e) {
                pid = p.pid();
                listed = entryCount(fds);
                break;
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        assumeTrue(pid > 0, "every process's fds here can be read (a root with every capability)");

        OpenFds found = OpenFdScanner.system(FdScanLimits.DEFAULTS).scan(List.of(pid));

        assertThat(found.of(pid)).isEmpty();
        assertThat(found.counts().deniedFds()).as("pid %d", pid).isBetween(1L, listed + 16);
        assertThat(found.counts().closedWhileRead()).isZero();
    }
}
