package dev.kestrel.fields.state;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One process (thread group) as rebuilt from events: identity, command line, working directory,
 * credentials, container, parent and children, and its fd table. Strings that fields print
 * (cmdline, args) are computed when the process execs or is cloned, never per event.
 */
public final class ProcessInfo {

    /** The dirfd of the *at() calls that names the working directory. */
    public static final long AT_FDCWD = -100;

    final long pid;
    long ppid;
    ProcessInfo parent;
    final List<ProcessInfo> children = new ArrayList<>(2);
    final List<ThreadInfo> threads = new ArrayList<>(1);
    int liveThreads;
    boolean alive = true;

    String comm;
    String exe;
    String exePath;
    List<String> args = List.of();
    String argsText;
    String cmdline;
    String exeline;
    List<String> env = List.of();
    List<String> cgroups = List.of();
    String cwd;
    long tty;
    long uid = -1;
    long gid = -1;
    long euid = -1;
    long loginUid = -1;
    long sid = -1;
    long pgid = -1;
    long vpid = -1;
    long vpgid = -1;
    String containerId;
    long startNanos;
    long exeFlags;
    long exeIno = -1;
    long exeCtime = -1;
    long exeMtime = -1;
    String capEffective;
    String capPermitted;
    String capInheritable;
    long lastEventNanos;
    FdTable fds = new FdTable();
    ContainerMetadata container;
    PodMetadata pod;
    long containerVersion = -1;
    /** The estimated bytes charged for this process's own strings (see {@link StateBytes}). */
    long charged;

    ProcessInfo(long pid) {
        this.pid = pid;
    }

    /** Copies what a forked child inherits from its parent. */
    void inheritFrom(ProcessInfo p) {
        comm = p.comm;
        exe = p.exe;
        exePath = p.exePath;
        args = p.args;
        argsText = p.argsText;
        cmdline = p.cmdline;
        exeline = p.exeline;
        env = p.env;
        cgroups = p.cgroups;
        cwd = p.cwd;
        tty = p.tty;
        uid = p.uid;
        gid = p.gid;
        euid = p.euid;
        loginUid = p.loginUid;
        sid = p.sid;
        pgid = p.pgid;
        vpgid = p.vpgid;
        containerId = p.containerId;
        exeFlags = p.exeFlags;
        exeIno = p.exeIno;
        exeCtime = p.exeCtime;
        exeMtime = p.exeMtime;
        capEffective = p.capEffective;
        capPermitted = p.capPermitted;
        capInheritable = p.capInheritable;
    }

    /** Sets name, argv[0] and arguments and recomputes the printed command lines. */
    void setCommand(String comm, String exe, List<String> args) {
        if (comm != null) {
            this.comm = comm;
        }
        if (exe != null) {
            this.exe = exe;
        }
        if (args != null) {
            this.args = List.copyOf(args);
        }
        this.argsText = String.join(" ", this.args);
        String name = this.comm == null ? "" : this.comm;
        this.cmdline = this.args.isEmpty() ? name : name + " " + argsText;
        String e = this.exe == null ? "" : this.exe;
        this.exeline = this.args.isEmpty() ? e : e + " " + argsText;
    }

    public long pid() {
        return pid;
    }

    /** The parent's pid as last known (0 when none). */
    public long ppid() {
        return parent != null ? parent.pid : ppid;
    }

    /** The parent process, or null when unknown. */
    public ProcessInfo parent() {
        return parent;
    }

    /** The ancestor {@code level} steps up (0: this process, 1: parent), or null. */
    public ProcessInfo ancestor(int level) {
        ProcessInfo p = this;
        for (int i = 0; i < level && p != null; i++) {
            p = p.parent;
        }
        return p;
    }

    public List<ProcessInfo> children() {
        return Collections.unmodifiableList(children);
    }

    public boolean alive() {
        return alive;
    }

    public int liveThreads() {
        return liveThreads;
    }

    public String comm() {
        return comm;
    }

    public String exe() {
        return exe;
    }

    public String exePath() {
        return exePath;
    }

    public List<String> args() {
        return args;
    }

    /** The arguments joined by blanks ({@code proc.args}). */
    public String argsText() {
        return argsText;
    }

    /** Name followed by arguments ({@code proc.cmdline}). */
    public String cmdline() {
        return cmdline;
    }

    /** argv[0] followed by arguments ({@code proc.exeline}). */
    public String exeline() {
        return exeline;
    }

    public List<String> env() {
        return env;
    }

    /** The lines of /proc/PID/cgroup ({@code ID:SUBSYSTEMS:PATH}) as the exec event gave them. */
    public List<String> cgroups() {
        return cgroups;
    }

    public String cwd() {
        return cwd;
    }

    public long tty() {
        return tty;
    }

    public long uid() {
        return uid;
    }

    public long gid() {
        return gid;
    }

    public long euid() {
        return euid;
    }

    public long loginUid() {
        return loginUid;
    }

    public long sid() {
        return sid;
    }

    public long pgid() {
        return pgid;
    }

    public long vpid() {
        return vpid < 0 ? pid : vpid;
    }

    public long vpgid() {
        return vpgid < 0 ? pgid : vpgid;
    }

    /** The container id, or null for host processes. */
    public String containerId() {
        return containerId;
    }

    public long startNanos() {
        return startNanos;
    }

    public long exeFlags() {
        return exeFlags;
    }

    public long exeIno() {
        return exeIno;
    }

    public long exeCtime() {
        return exeCtime;
    }

    public long exeMtime() {
        return exeMtime;
    }

    public String capEffective() {
        return capEffective;
    }

    public String capPermitted() {
        return capPermitted;
    }

    public String capInheritable() {
        return capInheritable;
    }

    public long lastEventNanos() {
        return lastEventNanos;
    }

    public FdTable fds() {
        return fds;
    }

    /**
     * The directory a path relative to {@code dirfd} starts from: the working directory for
     * {@link #AT_FDCWD}, else the name of that fd; null when it is not known.
     */
    public String directoryFor(long dirfd) {
        if (dirfd == AT_FDCWD) {
            return cwd;
        }
        FdInfo d = fds.get(dirfd);
        return d == null ? null : d.name();
    }

    @Override
    public String toString() {
        return pid + "(" + comm + ")";
    }
}
