package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes processes into a fake /proc tree, as the sensor's /proc readers read them. */
final class FakeProc {

    private FakeProc() {
    }

    /**
     * Process {@code pid} under {@code proc}: its stat (started 100 ticks after boot), command line {@code args}
     * (none: a zombie's), status, cgroup ({@code 0::cgroup}), exe link ({@code exe}, none when empty) and no fds.
     */
    static void process(Path proc, long pid, long ppid, String comm, String exe, List<String> args, String cgroup)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.createDirectories(dir.resolve("fd"));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid
                + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n");
        Files.writeString(dir.resolve("cmdline"), args.isEmpty() ? "" : String.join("\0", args) + "\0");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t"
                + pid + "\nNSpgid:\t" + pid + "\n");
        Files.writeString(dir.resolve("cgroup"), "0::" + cgroup + "\n");
        if (!exe.isEmpty()) {
            Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
        }
    }
}
