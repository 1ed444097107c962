package dev.kestrel.sensor.ebpf;

import static dev.kestrel.sensor.ebpf.RecordPipeline.put;

import dev.kestrel.sensor.proc.FdScanCounts;
import dev.kestrel.sensor.proc.FdScanLimits;
import dev.kestrel.sensor.proc.OpenFdScanner;
import dev.kestrel.sensor.proc.OpenFds;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The processes running when the sensor starts, each with the fds it has open, read once from a
 * {@code /proc} tree as snapshot records; what the scan left out is counted by reason ({@link #skipped()}).
 */
final class ProcBootstrap {

    private final List<SensorRecord.Snapshot> snapshots;
    private final Map<String, Long> skipped;

    /** Reads the tree under {@code proc} now, its fds within {@code limits}, at most {@code maxArgBytes} of each command line. */
    ProcBootstrap(Path proc, FdScanLimits limits, int maxArgBytes) {
        this(proc, limits, maxArgBytes, pid -> true);
    }

    /** As above, reading only the processes whose pid {@code include} accepts. */
    ProcBootstrap(Path proc, FdScanLimits limits, int maxArgBytes, LongPredicate include) {
        this(proc, limits, new ProcScanner(proc, maxArgBytes), include);
    }

    private ProcBootstrap(Path proc, FdScanLimits limits, ProcScanner processes, LongPredicate include) {
        this(proc, limits, processes, processes.scan(include));
    }

    private ProcBootstrap(Path proc, FdScanLimits limits, ProcScanner processes, List<ProcEntry> found) {
        OpenFds fds = new OpenFdScanner(proc, limits).scan(found.stream().map(ProcEntry::pid).toList());
        List<SensorRecord.Snapshot> out = new ArrayList<>(found.size());
        for (ProcEntry p : found) {
            out.add(new SensorRecord.Snapshot(p, fds.of(p.pid())));
        }
        snapshots = List.copyOf(out);
        skipped = skipped(processes, fds.counts(), limits);
    }

    /**
     * Process {@code pid} alone, read now from the tree under {@code proc} without listing it: no record when
     * it is gone (not counted here: the caller knows why it asked).
     */
    static ProcBootstrap one(Path proc, FdScanLimits limits, int maxArgBytes, long pid) {
        ProcScanner processes = new ProcScanner(proc, maxArgBytes);
        ProcEntry p = processes.read(pid);
        return p == null ? new ProcBootstrap(proc, limits, new ProcScanner(proc, maxArgBytes), List.<ProcEntry>of())
                : new ProcBootstrap(proc, limits, processes, List.of(p));
    }

    /** One record per process, in pid order, its fds in fd order. */
    List<SensorRecord.Snapshot> snapshots() {
        return snapshots;
    }

    /** What the bootstrap did not deliver, by reason (zeros left out). */
    Map<String, Long> skipped() {
        return skipped;
    }

    private static Map<String, Long> skipped(ProcScanner processes, FdScanCounts c, FdScanLimits limits) {
        Map<String, Long> out = new TreeMap<>();
        put(out, "processes gone while the /proc bootstrap read them", processes.vanished());
        put(out, "command lines cut at " + processes.maxArgBytes() + " bytes by the /proc bootstrap (the rest not read)",
                processes.cutCommandLines());
        put(out, "/proc files longer than the bootstrap reads, a detail of their process unknown", processes.cutFiles());
        put(out, "fd directories gone while the /proc bootstrap read them (their processes were delivered)",
                c.vanishedProcesses());
        put(out, "fd directories the /proc bootstrap could not read", c.unreadableDirs());
        put(out, "fds not bootstrapped: over " + limits.maxFdsPerProcess() + " fds per process", c.overProcessLimit());
        put(out, "fds not bootstrapped: over " + limits.maxFds() + " fds in all", c.overTotalLimit());
        put(out, "fds not bootstrapped: over " + limits.maxNameBytes() + " bytes of fd names in all", c.overNameBytes());
        put(out, "fds not bootstrapped: closed while /proc was read", c.closedWhileRead());
        put(out, "fds not bootstrapped: not permitted to read them", c.deniedFds());
        put(out, "fds not bootstrapped: sockets in no table of /proc/PID/net (raw, packet, or closed)", c.socketsNotFound());
        put(out, "unix sockets bootstrapped without a name: named on two lines of /proc/PID/net/unix (a path with a newline)",
                c.unnamedUnixSockets());
        return Map.copyOf(out);
    }
}
