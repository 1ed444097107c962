package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.SocketInodes.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes {@link SensorRecord}s as Kestrel {@link Event}s, reusing one event instance. Before the
 * first event of a container it has not described yet, it delivers the container's and pod's
 * metadata from the OCI runtime's state ({@link ContainerDescriptions}), so the alerts about that very event carry them. Kernel
 * times become wall-clock times through {@code epochOffsetNanos}. Not thread-safe: one writer per
 * evaluating thread.
 */
final class EventWriter {

    private static final long UNSET_LOGINUID = 4294967295L;
    /** accept4's flag for an fd that closes at an exec. */
    private static final long SOCK_CLOEXEC = 0x80000;

    /** Per generic probe: the event slots of its result, its numbers and its strings, in that order (-1: none). */
    private static final int[][] PROBE_SLOTS = SyscallProbes.BY_INDEX.stream().map(p -> {
        int[] slots = new int[1 + p.numbers().size() + p.strings().size()];
        slots[0] = p.result() == null ? -1 : p.type().slotIfPresent(p.result());
        int i = 1;
        for (SyscallProbe.Arg a : p.numbers()) {
            slots[i++] = p.type().slotIfPresent(a.param());
        }
        for (SyscallProbe.Arg a : p.strings()) {
            slots[i++] = p.type().slotIfPresent(a.param());
        }
        return slots;
    }).toArray(int[][]::new);


    private final Event event = new Event();
    private final long epochOffsetNanos;
    private final CgroupNames cgroups;
    private final String cgroupController;
    private final OciRuntimeMetadata metadata;
    private final ContainerDescriptions descriptions;
    private final HostAccountsRefresh hostAccounts;
    private final LocalAddresses localAddresses;
    private final Map<String, Long> notes = new ConcurrentHashMap<>();
    private final Path proc;
    private final ContainerIdentity identity;

    /**
     * @param epochOffsetNanos what to add to a kernel monotonic time to get nanoseconds since the epoch
     * @param cgroups the cgroup paths the program announced
     * @param cgroupController the controller name shown in {@code cgroups} parameters ({@code memory}, or "" for v2)
     * @param metadata where container metadata is read, or null
     * @param proc the /proc directory, for cgroup paths the program did not announce
     */
    EventWriter(long epochOffsetNanos, CgroupNames cgroups, String cgroupController, OciRuntimeMetadata metadata, Path proc) {
        this(epochOffsetNanos, cgroups, cgroupController, metadata, proc, Ticker.systemTicker(), LocalAddresses.ofHost());
    }

    /** As above, with a clock that ages {@link ContainerDescriptions#REDESCRIBE}, the addresses naming an unbound socket's end (tests). */
    EventWriter(long epochOffsetNanos, CgroupNames cgroups, String cgroupController, OciRuntimeMetadata metadata, Path proc,
            Ticker ticker, LocalAddresses localAddresses) {
        this(epochOffsetNanos, cgroups, cgroupController, metadata, proc, ticker, localAddresses, new RecordsFromRoot());
    }

    /** As above, with the sensor's one {@link RecordsFromRoot}, which its other {@link ContainerIdentity} shares. */
    EventWriter(long epochOffsetNanos, CgroupNames cgroups, String cgroupController, OciRuntimeMetadata metadata, Path proc,
            Ticker ticker, LocalAddresses localAddresses, RecordsFromRoot fromRoot) {
        this.localAddresses = localAddresses;
        this.epochOffsetNanos = epochOffsetNanos;
        this.cgroups = cgroups;
        this.cgroupController = cgroupController;
        this.metadata = metadata;
        this.proc = proc;
        this.identity = new ContainerIdentity(cgroupController, c -> metadata == null ? Optional.empty()
                : metadata.await(c.fullId(), c.runtime(), ContainerDescriptions.STATE_WAIT), this::note, fromRoot);
        this.descriptions = new ContainerDescriptions(metadata, new ContainerAccounts(proc, ticker, this::note), ticker, this::note);
        this.hostAccounts = new HostAccountsRefresh(ticker, this::note);
    }

    /** Events by kind that were written with something missing or cut (a copy). */
    Map<String, Long> notes() {
        return new TreeMap<>(notes);
    }

    /**
     * Writes process {@code s}, read from /proc because record {@code before} came first from it, at that
     * record's time (not its start time: the event stream does not go back), then the record.
     */
    void writeFirstSeen(SensorRecord.Snapshot s, SensorRecord before, EventSink sink) {
        snapshot(s, time(before.ts()), sink);
        write(before, sink);
    }

    void write(SensorRecord r, EventSink sink) {
        if (r instanceof SensorRecord.Snapshot s) {
            snapshot(s, s.process().startTimeNanos(), sink);
        } else if (r instanceof SensorRecord.Exec x) {
            exec(x, sink);
        } else if (r instanceof SensorRecord.FailedExec x) {
            failedExec(x, sink);
        } else if (r instanceof SensorRecord.Clone c) {
            clone(c, sink);
        } else if (r instanceof SensorRecord.Exit x) {
            event.reset(EventType.PROCEXIT, time(x.ts()), x.tid(), x.pid(), 0);
            event.setNumber(EventType.PROCEXIT.slot("status"), x.exitCode());
            // A namespace's init that ends takes no children of its own: the kernel gives them up with it.
            if (x.reaper() > 0 && x.reaper() != x.pid()) {
                event.setNumber(EventType.PROCEXIT.slot("reaper_tid"), x.reaper());
            }
            sink.accept(event);
        } else if (r instanceof SensorRecord.Call c) {
            call(c, sink);
        } else if (r instanceof SensorRecord.Net n) {
            net(n, sink);
        } else if (r instanceof SensorRecord.CgroupGone g) {
            cgroups.forget(g.id());
        } else if (r instanceof SensorRecord.Accounts a) {
            hostAccounts.send(a.users(), a.groups(), a.root(), event, sink);
        }
    }

    private void snapshot(SensorRecord.Snapshot s, long at, EventSink sink) {
        ProcEntry process = s.process();
        ContainerRef container = identity.ofCgroupFile(process.cgroups());
        descriptions.describe(container, process.pid(), event, sink);
        sink.accept(event.resetProcess(at, process.withContainer(container).toSnapshot()));
        s.fds().forEach(fd -> sink.accept(event.resetFd(at, fd)));
    }

    private long time(long kernelNanos) {
        return kernelNanos + epochOffsetNanos;
    }

    private void exec(SensorRecord.Exec x, EventSink sink) {
        ContainerIdentity.Placed placed = identity.ofExec(cgroups.path(x.cgroup()), cgroups.complete(x.cgroup()), () -> procCgroup(x.pid()));
        ContainerRef container = placed.container();
        descriptions.describe(container, x.pid(), event, sink);
        if (container.host()) {
            hostAccounts.before(x.euid(), x.egid(), x.loginUid() == UNSET_LOGINUID ? -1 : x.loginUid(), event, sink);
        }
        // A successful execveat is an execve, as Falco's drivers report it (only a failure keeps its call's name).
        EventType t = EventType.EXECVE;
        event.reset(t, time(x.ts()), x.tid(), x.pid(), 0);
        List<String> argv = x.argv();
        event.setText(t.slot("filename"), x.filename());
        event.setText(t.slot("exe"), argv.isEmpty() ? x.filename() : argv.get(0));
        event.setList(t.slot("args"), argv.size() > 1 ? List.copyOf(argv.subList(1, argv.size())) : List.of());
        event.setText(t.slot("comm"), x.comm());
        event.setNumber(t.slot("ptid"), x.ppid());
        // Falco's exec event names the effective ids uid and gid (user.uid, user.name, group.gid...).
        event.setNumber(t.slot("uid"), x.euid());
        event.setNumber(t.slot("euid"), x.euid());
        event.setNumber(t.slot("gid"), x.egid());
        event.setText(t.slot("cap_inheritable"), Capabilities.names(x.capInheritable()));
        event.setText(t.slot("cap_permitted"), Capabilities.names(x.capPermitted()));
        event.setText(t.slot("cap_effective"), Capabilities.names(x.capEffective()));
        event.setNumber(t.slot("flags"), x.exeFlags());
        SensorRecord.ExeFile exe = x.exe();
        if (exe.path() != null) {
            event.setText(t.slot("trusted_exepath"), exe.path());
        }
        if (exe.ino() != 0) {
            event.setNumber(t.slot("exe_ino"), exe.ino());
            event.setNumber(t.slot("exe_ino_ctime"), exe.ctimeNanos());
            event.setNumber(t.slot("exe_ino_mtime"), exe.mtimeNanos());
        }
        if (x.namespacePid() > 0) {
            // after an exec the thread is its process's only one, and its leader
            event.setNumber(t.slot("vtid"), x.namespacePid());
            event.setNumber(t.slot("vpid"), x.namespacePid());
        }
        event.setNumber(t.slot("loginuid"), x.loginUid() == UNSET_LOGINUID ? -1 : x.loginUid());
        event.setNumber(t.slot("tty"), x.tty());
        if (placed.path() != null) {
            event.setList(t.slot("cgroups"), List.of(cgroupController + "=" + placed.path()));
        }
        event.setText(t.slot("container_id"), container.id());
        if (x.argsTruncated()) {
            event.markCut(t.slot("args"));
            note("exec arguments cut (longer than the bytes read)");
        }
        if (x.filenameTruncated()) {
            event.markCut(t.slot("filename"));
            if (argv.isEmpty()) {
                event.markCut(t.slot("exe"));
            }
            note("exec file name cut at " + (BpftraceScript.STRING_BYTES - 1) + " bytes");
        }
        sink.accept(event);
    }

    /**
     * A failed exec: only the call's own parameters (its target, execveat's dirfd) and the error;
     * the process's command, executable and arguments stay what they were, as in Falco.
     */
    private void failedExec(SensorRecord.FailedExec x, EventSink sink) {
        EventType t = x.execveat() ? EventType.EXECVEAT : EventType.EXECVE;
        event.reset(t, time(x.ts()), x.tid(), x.pid(), x.ret());
        int file = t.slot("filename");
        event.setText(file, x.filename());
        if (x.execveat()) {
            event.setNumber(t.slot("dirfd"), x.dirfd());
            event.setText(t.slot("pathname"), x.filename());
        }
        if (x.filenameTruncated()) {
            event.markCut(file);
            if (x.execveat()) {
                event.markCut(t.slot("pathname"));
            }
            note("exec file name cut at " + (BpftraceScript.STRING_BYTES - 1) + " bytes");
        }
        sink.accept(event);
    }

    /**
     * The whole cgroup path of process {@code pid} from /proc: its line for the controller the program reads,
     * else the first naming a container; null when the process is gone.
     */
    private String procCgroup(long pid) {
        try {
            List<String> lines = CgroupContainerId.readLines(proc.resolve(Long.toString(pid)).resolve("cgroup"));
            if (lines == null) {
                note("cgroup path unknown (process gone)");
                return null;
            }
            note("cgroup path read from /proc");
            String own = CgroupContainerId.pathIn(lines, cgroupController);
            if (own != null) {
                return own;
            }
            ContainerRef ref = CgroupContainerId.fromCgroupFile(lines);
            for (String line : lines) {
                int second = line.indexOf(':', line.indexOf(':') + 1);
                String p = second < 0 ? line : line.substring(second + 1);
                if (ref.host() || CgroupContainerId.fromPath(p).id().equals(ref.id())) {
                    return p;
                }
            }
        } catch (RuntimeException e) {
            note("cgroup path unknown (process gone)");
        }
        return null;
    }

    private void clone(SensorRecord.Clone c, EventSink sink) {
        EventType t = EventType.fromName(c.call());
        event.reset(t, time(c.ts()), c.tid(), c.pid(), c.ret());
        event.setNumber(t.slot("flags"), c.flags() & 0xffffffffL);
        if (c.ret() == 0) {
            event.setNumber(t.slot("ptid"), c.ptid());
            boolean namespaceIds = c.vtid() > 0 && c.vpid() > 0;
            if (namespaceIds) {
                // the child's own ids in its container's PID namespace
                event.setNumber(t.slot("vtid"), c.vtid());
                event.setNumber(t.slot("vpid"), c.vpid());
            }
            if ((c.flags() & SensorRecord.Clone.CLONE_THREAD) == 0) {
                if (!namespaceIds) {
                    event.setNumber(t.slot("vpid"), -1);
                }
                if (c.comm() != null) {
                    event.setText(t.slot("comm"), c.comm());
                }
            }
        }
        sink.accept(event);
    }

    private void call(SensorRecord.Call c, EventSink sink) {
        SyscallProbe p = c.probe();
        EventType t = p.type();
        event.reset(t, time(c.ts()), c.tid(), c.pid(), c.ret());
        int[] slots = PROBE_SLOTS[p.index()];
        if (slots[0] >= 0) {
            event.setNumber(slots[0], c.ret());
        }
        int numbers = c.numbers().length;
        for (int i = 0; i < numbers; i++) {
            int slot = slots[1 + i];
            if (slot >= 0) {
                event.setNumber(slot, c.numbers()[i]);
            }
        }
        for (int i = 0; i < c.strings().length; i++) {
            int slot = slots[1 + numbers + i];
            if (slot >= 0 && c.strings()[i] != null) {
                event.setText(slot, c.strings()[i]);
                if ((c.cutStrings() & (1 << i)) != 0) {
                    event.markCut(slot);
                }
            }
        }
        if (c.cutStrings() != 0) {
            note(t.falcoName() + " string cut at " + (BpftraceScript.STRING_BYTES - 1) + " bytes");
        }
        sink.accept(event);
    }

    private void net(SensorRecord.Net n, EventSink sink) {
        EventType t = EventType.fromName(n.call());
        event.reset(t, time(n.ts()), n.tid(), n.pid(), n.ret());
        boolean inet = n.family() == 2 || n.family() == 10;
        switch (t) {
            case CONNECT, SENDTO, SENDMSG -> {
                event.setNumber(t.slot("res"), n.ret());
                event.setNumber(t.slot("fd"), n.fd());
                String localIp = n.localIp();
                if (t != EventType.CONNECT && "0.0.0.0".equals(localIp)) {
                    // An unbound socket's datagram: the kernel chose its source per packet and kept none.
                    String inferred = localAddresses.infer(n.remoteIp());
                    if (inferred != null) {
                        localIp = inferred;
                    }
                }
                String tuple = inet
                        ? Endpoint.text(localIp, n.localPort()) + "->" + Endpoint.text(n.remoteIp(), n.remotePort())
                        : n.unixPath();
                if (tuple != null) {
                    event.setText(t.slot("tuple"), tuple);
                }
            }
            case ACCEPT, ACCEPT4 -> {
                event.setNumber(t.slot("fd"), n.ret());
                if (t == EventType.ACCEPT4) {
                    event.setNumber(t.slot("flags"), n.closeOnExec() ? SOCK_CLOEXEC : 0);
                }
                if (inet) {
                    event.setText(t.slot("tuple"), Endpoint.text(n.remoteIp(), n.remotePort()) + "->"
                            + Endpoint.text(n.localIp(), n.localPort()));
                }
            }
            case BIND -> {
                event.setNumber(t.slot("res"), n.ret());
                event.setNumber(t.slot("fd"), n.fd());
                String addr = inet ? Endpoint.text(n.remoteIp(), n.remotePort()) : n.unixPath();
                if (addr != null) {
                    event.setText(t.slot("addr"), addr);
                }
            }
            default -> {
                return;
            }
        }
        sink.accept(event);
    }


    private void note(String what) {
        notes.merge(what, 1L, Long::sum);
    }
}
