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
 * @param uid the user id {@code user.uid} shows: the effective one, as libscap reads it from /proc
 * @param gid the group id {@code group.gid} shows: the effective one
 * @param euid the effective user id (the same as {@code uid} unless a sensor knows better)
 * @param loginUid the audit login uid (-1 when unset)
 * @param sid the session id
 * @param pgid the process group id
 * @param vpid the pid inside its PID namespace (-1: same as pid)
 * @param vpgid the process group id inside its PID namespace (-1: same as pgid)
 * @param containerId the 12-character container id, or null/{@code host} for host processes
 * @param startNanos when the process started, ns since the epoch (0 if unknown)
 * @param capEffective the effective capabilities as names ({@code CAP_SYS_ADMIN ...}, see {@link Capabilities}), or null
 * @param capPermitted the permitted capabilities as names, or null
 * @param capInheritable the inheritable capabilities as names, or null
 * @param exeFlags executable flags as in {@link FlagTable#EXE} (writable, upper layer, memfd)
 * @param tids every thread id of the process, pid included (may be empty)
 */
public record ProcessSnapshot(long pid, long tid, long ppid, String comm, String exe, String exePath,
                              List<String> args, List<String> env, String cwd, long tty, long uid, long gid,
                              long euid, long loginUid, long sid, long pgid, long vpid, long vpgid,
                              String containerId, long startNanos, String capEffective, String capPermitted,
                              String capInheritable, long exeFlags, List<Long> tids) {

    public ProcessSnapshot {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        tids = tids == null ? List.of() : List.copyOf(tids);
    }

    /** A builder with the documented defaults: unknown numbers -1 ({@code tid} defaults to {@code pid}, {@code euid} to {@code uid}), no parent (0), no terminal (0), unknown text null. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ProcessSnapshot} one named value at a time; not thread-safe, reusable after {@link #build}. */
    public static final class Builder {
        private long pid;
        private long tid = -1;
        private long ppid = 0;
        private String comm;
        private String exe;
        private String exePath;
        private List<String> args;
        private List<String> env;
        private String cwd;
        private long tty = 0;
        private long uid = -1;
        private long gid = -1;
        private long euid = -1;
        private long loginUid = -1;
        private long sid = -1;
        private long pgid = -1;
        private long vpid = -1;
        private long vpgid = -1;
        private String containerId;
        private long startNanos = 0;
        private String capEffective;
        private String capPermitted;
        private String capInheritable;
        private long exeFlags = 0;
        private List<Long> tids;

        private Builder() {
        }

        /** Sets pid. */
        public Builder pid(long pid) {
            this.pid = pid;
            return this;
        }

        /** Sets tid. */
        public Builder tid(long tid) {
            this.tid = tid;
            return this;
        }

        /** Sets ppid. */
        public Builder ppid(long ppid) {
            this.ppid = ppid;
            return this;
        }

        /** Sets comm. */
        public Builder comm(String comm) {
            this.comm = comm;
            return this;
        }

        /** Sets exe. */
        public Builder exe(String exe) {
            this.exe = exe;
            return this;
        }

        /** Sets exePath. */
        public Builder exePath(String exePath) {
            this.exePath = exePath;
            return this;
        }

        /** Sets args: the arguments after argv[0]. */
        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        /** Sets args: the arguments after argv[0]. */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** Sets env. */
        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        /** Sets cwd. */
        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Sets tty. */
        public Builder tty(long tty) {
            this.tty = tty;
            return this;
        }

        /** Sets uid. */
        public Builder uid(long uid) {
            this.uid = uid;
            return this;
        }

        /** Sets gid. */
        public Builder gid(long gid) {
            this.gid = gid;
            return this;
        }

        /** Sets euid. */
        public Builder euid(long euid) {
            this.euid = euid;
            return this;
        }

        /** Sets loginUid. */
        public Builder loginUid(long loginUid) {
            this.loginUid = loginUid;
            return this;
        }

        /** Sets sid. */
        public Builder sid(long sid) {
            this.sid = sid;
            return this;
        }

        /** Sets pgid. */
        public Builder pgid(long pgid) {
            this.pgid = pgid;
            return this;
        }

        /** Sets vpid. */
        public Builder vpid(long vpid) {
            this.vpid = vpid;
            return this;
        }

        /** Sets vpgid. */
        public Builder vpgid(long vpgid) {
            this.vpgid = vpgid;
            return this;
        }

        /** Sets containerId. */
        public Builder containerId(String containerId) {
            this.containerId = containerId;
            return this;
        }

        /** Sets startNanos. */
        public Builder startNanos(long startNanos) {
            this.startNanos = startNanos;
            return this;
        }

        /** Sets capEffective. */
        public Builder capEffective(String capEffective) {
            this.capEffective = capEffective;
            return this;
        }

        /** Sets capPermitted. */
        public Builder capPermitted(String capPermitted) {
            this.capPermitted = capPermitted;
            return this;
        }

        /** Sets capInheritable. */
        public Builder capInheritable(String capInheritable) {
            this.capInheritable = capInheritable;
            return this;
        }

        /** Sets exeFlags. */
        public Builder exeFlags(long exeFlags) {
            this.exeFlags = exeFlags;
            return this;
        }

        /** Sets tids. */
        public Builder tids(List<Long> tids) {
            this.tids = tids;
            return this;
        }

        /** The record, with defaults for what was not set. */
        public ProcessSnapshot build() {
            if (pid <= 0) {
                throw new IllegalArgumentException("a process snapshot needs a positive pid, was " + pid);
            }
            return new ProcessSnapshot(pid, tid < 0 ? pid : tid, ppid, comm, exe, exePath, args, env, cwd, tty, uid, gid, euid < 0 ? uid : euid, loginUid, sid, pgid, vpid, vpgid, containerId, startNanos, capEffective, capPermitted, capInheritable, exeFlags, tids);
        }
    }
}
