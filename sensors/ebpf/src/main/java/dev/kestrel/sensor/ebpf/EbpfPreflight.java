package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks what the eBPF sensor needs before it starts: root (bpftrace runs as no other user) with
 * CAP_BPF and CAP_PERFMON or CAP_SYS_ADMIN, bpftrace,
 * a mounted tracefs and the kernel's BTF. A missing one comes back as one sentence saying which and
 * how to fix it. Stateless.
 */
public final class EbpfPreflight {

    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    /** The tracefs mount points the kernel's tracepoints are looked up in. */
    static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

    private EbpfPreflight() {
    }

    /** Empty when the sensor can run here with {@code bpftrace}, else the sentence to show the user. */
    public static Optional<String> check(String bpftrace) {
        return check(bpftrace, Path.of("/proc/self/status"), TRACEFS, Path.of("/sys/kernel/btf/vmlinux"));
    }

    static Optional<String> check(String bpftrace, Path status, List<Path> tracefs, Path btf) {
        Credentials who = Credentials.of(status);
        long caps = who.capabilities();
        boolean allowed = (caps & (1L << CAP_SYS_ADMIN)) != 0 || ((caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0);
        if (who.uid() != 0) {
            // bpftrace refuses any other effective uid, whatever its capabilities.
            return Optional.of("the eBPF sensor needs root, since bpftrace runs only as root (effective uid 0, with CAP_BPF and CAP_PERFMON or CAP_SYS_ADMIN): run kestrel as root, e.g. with sudo.");
        }
        if (!allowed) {
            return Optional.of("the eBPF sensor needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN), which this root process "
                    + "does not have: give them to it, e.g. 'docker run --cap-add BPF --cap-add PERFMON' or, in "
                    + "Kubernetes, securityContext.capabilities.add [BPF, PERFMON].");
        }
        if (executable(bpftrace) == null) {
            if (bpftrace.contains("/") && Files.exists(Path.of(bpftrace))) {
                return Optional.of("bpftrace at '" + bpftrace + "' is not an executable file: give the path of the "
                        + "bpftrace program with --bpftrace PATH, or make it executable with chmod +x.");
            }
            return Optional.of("bpftrace is not installed (could not find '" + bpftrace + "'): install it, e.g. "
                    + "'apt-get install bpftrace', or give its path with --bpftrace PATH.");
        }
        if (tracefsEvents(tracefs) == null) {
            return Optional.of("tracefs is not mounted, so the kernel's tracepoints cannot be attached: mount it with "
                    + "'mount -t tracefs nodev /sys/kernel/tracing'.");
        }
        if (!Files.isReadable(btf)) {
            return Optional.of("the kernel has no BTF type information at " + btf + " (needed to read task fields): "
                    + "use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels since 2020 are).");
        }
        return Optional.empty();
    }

    /** The events directory of the first mounted tracefs, or null. */
    static Path tracefsEvents(List<Path> tracefs) {
        for (Path t : tracefs) {
            Path events = t.resolve("events");
            if (Files.isDirectory(events.resolve("syscalls")) || Files.isDirectory(events.resolve("sched"))) {
                return events;
            }
        }
        return null;
    }

    /** The path of {@code command} (absolute, or found on the PATH) if it is an executable file, else null. */
    static Path executable(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path).split(":")) {
            Path p = dir.isEmpty() ? null : Path.of(dir, command);
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The effective uid and capabilities of a process, from its {@code /proc/<pid>/status}; uid -1 and none when unreadable. */
    private record Credentials(long uid, long capabilities) {

        static Credentials of(Path status) {
            long uid = -1;
            long caps = 0;
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("Uid:")) {
                        // real, effective, saved, filesystem
                        String[] ids = line.substring(4).trim().split("\\s+");
                        uid = Long.parseLong(ids[Math.min(1, ids.length - 1)]);
                    } else if (line.startsWith("CapEff:")) {
                        caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return new Credentials(-1, 0);
            }
            return new Credentials(uid, caps);
        }
    }
}
