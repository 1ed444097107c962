package dev.kestrel.sensor.proc;

import java.util.List;

/**
 * One process as {@code /proc} showed it when the sensor started, so rules see the parents and
 * open context of processes that were already running.
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
 * @param uid real user id
 * @param euid effective user id
 * @param gid real group id
 * @param egid effective group id
 * @param loginUid the audit login uid, or -1 when unset
 * @param cgroups the lines of {@code /proc/PID/cgroup}
 * @param container the container the cgroups point to ({@code host} when none)
 * @param startTimeNanos when the process started, in nanoseconds since the epoch (0 if unknown)
 * @param tids the thread ids of the process, the pid included
 * @param exeDeleted whether the executable was deleted after the process started
 */
public record ProcessSnapshot(long pid, long ppid, String comm, String exe, List<String> args, String cwd,
                              long ttyNr, long sid, long pgid, long uid, long euid, long gid, long egid,
                              long loginUid, List<String> cgroups, CgroupContainerId.ContainerRef container,
                              long startTimeNanos, List<Long> tids, boolean exeDeleted) {

    public ProcessSnapshot {
        args = List.copyOf(args);
        cgroups = List.copyOf(cgroups);
        tids = List.copyOf(tids);
    }
}
