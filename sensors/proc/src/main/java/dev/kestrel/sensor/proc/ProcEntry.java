package dev.kestrel.sensor.proc;

import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.event.ProcessSnapshot;
import java.util.List;

/**
 * One process as {@code /proc} shows it, read when a live sensor starts so rules see the parents and
 * open context of processes that were already running. Raw: unreadable text is "", not null;
 * {@link #toSnapshot()} turns it into the event model's {@link ProcessSnapshot}, with its conventions.
 *
 * @param pid the process (thread group) id
 * @param ppid the parent's pid (0 for pid 1 and kernel roots)
 * @param comm the command name (up to 15 characters, from {@code stat})
 * @param exe the executable's path ({@code exe} link), or "" when it cannot be read (kernel threads,
 *            permissions), without the kernel's {@code " (deleted)"} suffix (see {@code exeDeleted})
 * @param args the command line, argv[0] first; empty for kernel threads
 * @param cwd the working directory, or ""
 * @param ttyNr the controlling terminal device number from {@code stat} (0: none)
 * @param sid the session id
 * @param pgid the process group id
 * @param status ids, capabilities and namespace ids from {@code status} ({@link ProcStatus#UNKNOWN}
 *               when unreadable or null)
 * @param loginUid the audit login uid, or -1 when unset
 * @param cgroups the lines of {@code /proc/PID/cgroup}
 * @param container the container the cgroups point to ({@code host} when none)
 * @param startTimeNanos when the process started, in nanoseconds since the epoch (0 if unknown)
 * @param tids the thread ids of the process, the pid included
 * @param exeDeleted whether the executable was deleted after the process started
 * @param argsTruncated whether the command line was longer than the bytes read: {@code args} ends
 *                      there (its last argument in part), as a live exec's cut arguments do
 */
public record ProcEntry(long pid, long ppid, String comm, String exe, List<String> args, String cwd,
                              long ttyNr, long sid, long pgid, ProcStatus status, long loginUid,
                              List<String> cgroups, CgroupContainerId.ContainerRef container,
                              long startTimeNanos, List<Long> tids, boolean exeDeleted, boolean argsTruncated) {

    public ProcEntry {
        args = List.copyOf(args);
        cgroups = List.copyOf(cgroups);
        tids = List.copyOf(tids);
        status = status == null ? ProcStatus.UNKNOWN : status;
    }

    /** This process placed in {@code other} (a container its cgroup path names, checked by the caller). */
    public ProcEntry withContainer(CgroupContainerId.ContainerRef other) {
        return new ProcEntry(pid, ppid, comm, exe, args, cwd, ttyNr, sid, pgid, status, loginUid, cgroups, other,
                startTimeNanos, tids, exeDeleted, argsTruncated);
    }

    /**
     * This process as the event model's snapshot record (unknown text null, argv[0] split from the
     * arguments), with the effective user and group as libscap takes them, and capabilities as names.
     */
    public ProcessSnapshot toSnapshot() {
        String argv0 = args.isEmpty() ? (exe.isEmpty() ? comm : exe) : args.get(0);
        return ProcessSnapshot.builder().pid(pid).ppid(ppid).comm(comm).exe(argv0)
                .exePath(exe.isEmpty() ? null : exe).args(args.size() > 1 ? args.subList(1, args.size()) : List.of())
                .cwd(cwd.isEmpty() ? null : cwd).tty(ttyNr).uid(status.euid()).gid(status.egid()).euid(status.euid())
                .loginUid(loginUid).sid(sid).pgid(pgid).vpid(status.vpid()).vpgid(status.vpgid())
                .capEffective(capabilities(status.capEffective())).capPermitted(capabilities(status.capPermitted()))
                .capInheritable(capabilities(status.capInheritable()))
                .containerId(container.id()).startNanos(startTimeNanos).tids(tids).build();
    }

    private static String capabilities(long bits) {
        return bits == -1 ? null : Capabilities.names(bits);
    }
}
