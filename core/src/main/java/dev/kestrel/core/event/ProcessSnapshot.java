package dev.kestrel.core.event;

import java.util.List;

/**
 * A process as a sensor found it already running (from {@code /proc} at start), so state can begin
 * mid-stream with parents, command lines and containers known. One record per thread group; the
 * other threads are listed in {@code tids}. Unknown numbers are -1, unknown text null.
 *
 * @param pid the process (thread group) id
 * @param tid the id of the thread described (usually {@code pid})
 * @param ppid the parent's pid (0 when none)
 * @param comm the kernel command name (proc.name)
 * @param exe argv[0] as the process was started (proc.exe)
 * @param exePath the full path of the executable (proc.exepath)
 * @param args the arguments after argv[0]
 * @param env the environment as {@code K=V} entries (may be empty)
 * @param cwd the working directory
 * @param tty the controlling terminal number (0: none)
 * @param uid the real user id
 * @param gid the real group id
 * @param euid the effective user id
 * @param loginUid the audit login uid (-1 when unset)
 * @param sid the session id
 * @param pgid the process group id
 * @param vpid the pid inside its PID namespace (-1: same as pid)
 * @param vpgid the process group id inside its PID namespace (-1: same as pgid)
 * @param containerId the 12-character container id, or null/{@code host} for host processes
 * @param startNanos when the process started, ns since the epoch (0 if unknown)
 * @param capEffective the effective capabilities as names ({@code CAP_SYS_ADMIN ...}), or null
 * @param exeFlags executable flags as in {@link FlagTable#EXE} (writable, upper layer, memfd)
 * @param tids every thread id of the process, pid included (may be empty)
 */
public record ProcessSnapshot(long pid, long tid, long ppid, String comm, String exe, String exePath,
                              List<String> args, List<String> env, String cwd, long tty, long uid, long gid,
                              long euid, long loginUid, long sid, long pgid, long vpid, long vpgid,
                              String containerId, long startNanos, String capEffective, long exeFlags,
                              List<Long> tids) {

    public ProcessSnapshot {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        tids = tids == null ? List.of() : List.copyOf(tids);
    }
}
