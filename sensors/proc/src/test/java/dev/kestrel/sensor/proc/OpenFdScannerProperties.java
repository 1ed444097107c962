package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.FdSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fd scan against the fake /proc tree it reads: what it reports is what the tree holds, within the
 * limits, and every fd listed is either kept or counted as cut.
 */
class OpenFdScannerProperties {

    /** The kinds of fd a fake process may hold. */
    enum Kind { PIPE, EVENTFD, FILE, UNIX_SOCKET, SOCKET_IN_NO_TABLE }

    /** One fd: its kind and a length that varies its name. */
    record Fd(Kind kind, int length) {
    }

    @Provide
    Arbitrary<List<List<Fd>>> processes() {
        Arbitrary<Fd> fd = net.jqwik.api.Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(1, 40))
                .as(Fd::new);
        return fd.list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void keptAndCutAddUpAndWhatIsKeptIsWhatTheTreeHolds(@ForAll("processes") List<List<Fd>> processes,
                                                        @ForAll @IntRange(min = 1, max = 8) int perProcess,
                                                        @ForAll @IntRange(min = 1, max = 30) int total,
                                                        @ForAll @IntRange(min = 1, max = 600) int nameBytes) throws IOException {
        Path root = Files.createTempDirectory("kestrel-fake-proc");
        try {
            Map<Long, Map<Long, FdSnapshot>> tree = build(root, processes);
            List<Long> pids = new ArrayList<>(tree.keySet());
            OpenFds found = new OpenFdScanner(root, new FdScanLimits(perProcess, total, nameBytes)).scan(pids);

            long listed = tree.values().stream().mapToLong(Map::size).sum();
            FdScanCounts c = found.counts();
            assertThat(c.kept() + c.notKept()).as("kept + cut = listed").isEqualTo(listed);
            assertThat(found.byPid().values().stream().mapToLong(List::size).sum()).isEqualTo(c.kept());
            assertThat(c.kept()).isLessThanOrEqualTo(total);
            assertThat(found.byPid().values().stream().flatMap(List::stream)
                    .mapToLong(f -> f.name().getBytes(StandardCharsets.UTF_8).length).sum()).isLessThanOrEqualTo(nameBytes);
            for (long pid : pids) {
                List<FdSnapshot> fds = found.of(pid);
                assertThat(fds).hasSizeLessThanOrEqualTo(perProcess);
                assertThat(fds).isSortedAccordingTo(Comparator.comparingLong(FdSnapshot::fd));
                fds.forEach(f -> assertThat(f).isEqualTo(tree.get(pid).get(f.fd())));
            }
            long inNoTable = processes.stream().flatMap(List::stream).filter(f -> f.kind() == Kind.SOCKET_IN_NO_TABLE).count();
            assertThat(c.socketsNotFound()).isLessThanOrEqualTo(inNoTable);

            OpenFds unlimited = new OpenFdScanner(root, FdScanLimits.DEFAULTS).scan(pids);
            for (long pid : pids) {
                assertThat(unlimited.of(pid)).as("without limits, everything the tree holds")
                        .containsExactlyElementsOf(tree.get(pid).values().stream().filter(f -> f != null)
                                .sorted(Comparator.comparingLong(FdSnapshot::fd)).toList());
            }
            assertThat(unlimited.counts().socketsNotFound()).isEqualTo(inNoTable);
            assertThat(unlimited.counts().notKept()).isEqualTo(inNoTable);
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Writes the processes (pids 10, 11, ...) into a tree under {@code root}, in one network namespace;
     * the answer: per pid, per fd, what a scan should report (null for a socket in no table).
     */
    private static Map<Long, Map<Long, FdSnapshot>> build(Path root, List<List<Fd>> processes) {
        FakeProcTree tree = new FakeProcTree(root);
        Map<Long, Map<Long, FdSnapshot>> expected = new java.util.LinkedHashMap<>();
        List<String> unixLines = new ArrayList<>();
        long inode = 5_000;
        for (int p = 0; p < processes.size(); p++) {
            long pid = 10 + p;
            tree.netNamespace(pid, 1).write(pid + "/stat", "");
            Map<Long, FdSnapshot> fds = new HashMap<>();
            long fd = 0;
            for (Fd f : processes.get(p)) {
                inode++;
                switch (f.kind()) {
                    case PIPE -> {
                        tree.fd(pid, fd, "pipe:[" + inode + "]");
                        fds.put(fd, new FdSnapshot(pid, fd, "pipe", "pipe:[" + inode + "]", 0, inode, null, null));
                    }
                    case EVENTFD -> {
                        tree.fd(pid, fd, "anon_inode:[eventfd]");
                        fds.put(fd, new FdSnapshot(pid, fd, "event", "", 0, 0, null, null));
                    }
                    case FILE -> {
                        // a path nothing is at: the scan cannot stat it, so its type comes from its flags
                        String path = "/kestrel-nonexistent/" + "f".repeat(f.length());
                        tree.fd(pid, fd, path).flags(pid, fd, 0101 + f.length());
                        fds.put(fd, new FdSnapshot(pid, fd, "file", path, 0101 + f.length(), 0, null, null));
                    }
                    case UNIX_SOCKET -> {
                        String path = "/run/" + "s".repeat(f.length());
                        tree.fd(pid, fd, "socket:[" + inode + "]");
                        unixLines.add(inode + " " + path);
                        fds.put(fd, new FdSnapshot(pid, fd, "unix", path, 0, inode, null, null));
                    }
                    case SOCKET_IN_NO_TABLE -> {
                        tree.fd(pid, fd, "socket:[" + inode + "]");
                        fds.put(fd, null);
                    }
                }
                fd += 1 + f.length() % 3;
            }
            expected.put(pid, fds);
        }
        for (long pid : expected.keySet()) {
            for (String line : unixLines) {
                int space = line.indexOf(' ');
                tree.unixSocket(pid, Long.parseLong(line.substring(0, space)), line.substring(space + 1));
            }
        }
        return expected;
    }
}
