package dev.kestrel.fields.state;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * How process events change the thread table, after libsinsp: clone and fork create a child that
 * inherits from its parent until it execs; exec replaces the command and closes O_CLOEXEC fds; exit
 * re-parents the children; credential and directory calls update the process.
 */
final class ProcessEvents {

    private static final long CLONE_FILES = 0x400;
    private static final long CLONE_PARENT = 0x8000;
    private static final long CLONE_THREAD = 0x10000;
    private static final long CLONE_NEWPID = 0x20000000;
    /** How long after its making a clone's child may report its side of the clone (libsinsp's 2 s). */
    private static final long CLONE_STALE_NANOS = 2_000_000_000L;

    private final SystemState state;
    private final ThreadTable threads;

    ProcessEvents(SystemState state, ThreadTable threads) {
        this.state = state;
        this.threads = threads;
    }

    /**
     * A clone seen in the parent (the return value is the child's tid), or the child's own report of
     * a child already made from its parent's, which brings the child's ids in its PID namespace. A child
     * id the table holds for another thread (one whose exit was missed) is replaced by the new child.
     */
    void cloneParent(Event e, ThreadInfo caller, long now) {
        long childTid = e.returnValue();
        if (childTid == 0) {
            namespaceIds(e, caller);
            childName(e, caller.process);
            return;
        }
        if (childTid < 0) {
            return;
        }
        ThreadInfo existing = threads.thread(childTid);
        if (existing != null) {
            if (existing.process == caller.process && (existing == caller || existing.isMain())) {
                return; // the caller's own id, or its process's leader's: not a new thread's
            }
            long childPid = isThread(e) ? caller.process.pid : childTid;
            if (existing.origin == ThreadInfo.Origin.OWN_CLONE || isRecentPlaceholderOf(existing, childPid, now)
                    || isRecentSnapshotOf(existing, childPid, now)) {
                return;
            }
            removeMissedExit(existing);
        }
        createChild(e, caller.process, childTid, now);
    }

    /**
     * The clone's flags as they apply to the child: fork and vfork share neither the address space's
     * threads nor the fd table, whatever the event says.
     */
    private static long cloneFlags(Event e) {
        EventType type = e.type();
        long flags = e.number(Slots.FLAGS[type.ordinal()], 0);
        return type == EventType.VFORK || type == EventType.FORK ? flags & ~(CLONE_THREAD | CLONE_FILES) : flags;
    }

    /** True when the clone makes a thread of the caller's process rather than a new process. */
    private static boolean isThread(Event e) {
        return (cloneFlags(e) & CLONE_THREAD) != 0;
    }

    /**
     * True for a placeholder the child's own events made just before its clone was seen (a vfork child
     * runs, and execs, before its parent returns): it is in the process the clone gives the child.
     */
    private static boolean isRecentPlaceholderOf(ThreadInfo t, long childPid, long now) {
        return t.origin == ThreadInfo.Origin.PLACEHOLDER && t.process.pid == childPid && isRecent(t, now);
    }

    /**
     * True for an entry a /proc read made just before the clone was seen (a sensor reads a process whose first
     * record came before its fork's, at that record's time): it is the child's.
     */
    private static boolean isRecentSnapshotOf(ThreadInfo t, long childPid, long now) {
        return t.origin == ThreadInfo.Origin.SNAPSHOT && t.process.pid == childPid && isRecent(t, now);
    }

    /** True when {@code t} was made less than {@link #CLONE_STALE_NANOS} before {@code now}. */
    private static boolean isRecent(ThreadInfo t, long now) {
        return now - t.madeNanos < CLONE_STALE_NANOS;
    }

    /** Removes a thread whose exit was missed; its process's children go to pid 1, as at an exit without a reaper. */
    private void removeMissedExit(ThreadInfo stale) {
        threads.removeMissedExit(stale, threads.process(1));
    }

    /**
     * The name a new process reports of itself in its own report of the clone (the caller's name at the
     * fork, such as {@code runc:[1:CHILD]}, until it execs); a new thread's name is its own, not its process's.
     */
    private static void childName(Event e, ProcessInfo child) {
        String comm = e.text(Slots.COMM[e.type().ordinal()]);
        // A new process reports from its first thread, whose id is the process's.
        if (!isThread(e) && e.tid() == child.pid && comm != null && !comm.isEmpty()) {
            child.setCommand(comm, null, null);
        }
    }

    /**
     * The ids in its PID namespace a thread reports of itself ({@code vtid}, {@code vpid}), as in a
     * clone's child-side report; absent ones (-1) leave what is known.
     */
    private static void namespaceIds(Event e, ThreadInfo t) {
        int type = e.type().ordinal();
        long vtid = e.number(Slots.VTID[type], -1);
        if (vtid >= 0) {
            t.vtid = vtid;
        }
        long vpid = e.number(Slots.VPID[type], -1);
        if (vpid >= 0) {
            t.process.vpid = vpid;
        }
    }

    /**
     * A clone's child reporting its side (return value 0), whose entry {@code existing} the table may hold:
     * kept when made recently for this child (by the parent's report, a snapshot or the child's own
     * events), else replaced, as a thread whose exit was missed, by a new one made from the parent the
     * {@code ptid} parameter names. Null when there is no entry left and the parent is unknown.
     */
    ThreadInfo cloneChild(Event e, ThreadInfo existing, long now) {
        if (existing != null) {
            long childPid = e.pid() > 0 ? e.pid() : e.tid();
            boolean placeholder = existing.origin == ThreadInfo.Origin.PLACEHOLDER;
            if (placeholder ? isRecentPlaceholderOf(existing, childPid, now) : isRecent(existing, now)) {
                return existing;
            }
            removeMissedExit(existing);
        }
        long ptid = e.number(Slots.PTID[e.type().ordinal()], -1);
        ThreadInfo parentThread = ptid > 0 ? threads.thread(ptid) : null;
        if (parentThread == null) {
            state.parentLookupsMissed++;
            return null;
        }
        return createChild(e, parentThread.process, e.tid(), now);
    }

    private ThreadInfo createChild(Event e, ProcessInfo caller, long childTid, long now) {
        EventType type = e.type();
        long flags = cloneFlags(e);
        // The caller's report carries the caller's own vtid/vpid (as libsinsp reads a clone exit), so
        // the child's are known only from its own report, or as 1 for the first process of a new namespace.
        boolean childReport = e.tid() == childTid;
        if ((flags & CLONE_THREAD) != 0) {
            ThreadInfo t = threads.addThread(childTid, caller, now);
            if (t == null) {
                return null;
            }
            madeByClone(t, childReport, now);
            if (childReport) {
                namespaceIds(e, t);
            }
            return t;
        }
        ProcessInfo parent = (flags & CLONE_PARENT) != 0 && caller.parent != null ? caller.parent : caller;
        long childPid = e.tid() == childTid && e.pid() > 0 ? e.pid() : childTid;
        ProcessInfo stale = threads.process(childPid);
        if (stale != null && threads.thread(childPid) == null) {
            // Its leader ended and its other threads' exits were missed: the kernel reuses a pid only once the
            // whole thread group is gone.
            threads.removeMissedExit(stale, threads.process(1));
        }
        ProcessInfo child = threads.createProcess(childPid, parent.pid, now);
        if (child == null) {
            return null;
        }
        if (child.parent == null && parent.alive) {
            threads.link(child, parent);
        }
        child.inheritFrom(caller);
        if ((flags & CLONE_FILES) != 0) {
            child.fds = caller.fds;
            caller.fds.share();
        } else {
            child.fds = caller.fds.copy();
        }
        threads.recharge(child);
        String comm = e.text(Slots.COMM[type.ordinal()]);
        String exe = e.text(Slots.EXE[type.ordinal()]);
        List<String> args = e.list(Slots.ARGS[type.ordinal()]);
        if (comm != null || exe != null || args != null) {
            child.setCommand(comm, exe, args);
        }
        child.cwd = PathNames.workingDirectory(child.cwd, e.text(Slots.CWD[type.ordinal()]));
        child.uid = e.number(Slots.UID[type.ordinal()], child.uid);
        child.euid = e.number(Slots.UID[type.ordinal()], child.euid);
        child.gid = e.number(Slots.GID[type.ordinal()], child.gid);
        child.pgid = e.number(Slots.PGID[type.ordinal()], child.pgid);
        boolean newNamespace = (flags & CLONE_NEWPID) != 0;
        child.vpid = newNamespace ? 1 : -1;
        ThreadInfo t = threads.thread(childTid);
        if (t == null) {
            t = threads.addThread(childTid, child, now);
        }
        if (t != null) {
            madeByClone(t, childReport, now);
            t.vtid = newNamespace ? 1 : -1;
            if (childReport) {
                namespaceIds(e, t);
            }
        }
        return t;
    }

    /** Marks {@code t} as made by a clone at {@code now}, from the child's own report or the parent's. */
    private static void madeByClone(ThreadInfo t, boolean childReport, long now) {
        t.origin = childReport ? ThreadInfo.Origin.OWN_CLONE : ThreadInfo.Origin.PARENTS_CLONE;
        t.madeNanos = now;
        t.startNanos = now;
    }

    /** A successful execve/execveat replaces the process's command, executable and environment. */
    void exec(Event e, ThreadInfo t, long now) {
        if (e.returnValue() != 0) {
            return;
        }
        EventType type = e.type();
        ProcessInfo p = t.process;
        threads.parentAtExec(p, e.number(Slots.PTID[type.ordinal()], -1));
        p.cwd = PathNames.workingDirectory(p.cwd, e.text(Slots.CWD[type.ordinal()]));
        String filename = e.text(Slots.FILENAME[type.ordinal()]);
        if (filename == null) {
            filename = e.text(Slots.PATHNAME[type.ordinal()]);
        }
        String exe = e.text(Slots.EXE[type.ordinal()]);
        List<String> args = e.list(Slots.ARGS[type.ordinal()]);
        String trusted = e.text(Slots.TRUSTED_EXEPATH[type.ordinal()]);
        String exePath = trusted != null ? trusted : PathNames.absolute(p.cwd, filename != null ? filename : exe);
        p.exePath = exePath;
        String comm = e.text(Slots.COMM[type.ordinal()]);
        if (comm == null) {
            String base = PathNames.basename(filename != null ? filename : exePath != null ? exePath : exe);
            comm = base == null ? null : base.length() > 15 ? base.substring(0, 15) : base;
        }
        if (exe == null) {
            exe = filename;
        }
        p.setCommand(comm, exe, args == null ? List.of() : args);
        List<String> env = e.list(Slots.ENV[type.ordinal()]);
        if (env != null) {
            p.env = List.copyOf(env);
        }
        p.tty = e.number(Slots.TTY[type.ordinal()], p.tty);
        p.pgid = e.number(Slots.PGID[type.ordinal()], p.pgid);
        p.vpgid = e.number(Slots.VPGID[type.ordinal()], p.vpgid);
        p.sid = e.number(Slots.SID[type.ordinal()], p.sid);
        p.loginUid = e.number(Slots.LOGINUID[type.ordinal()], p.loginUid);
        p.uid = e.number(Slots.UID[type.ordinal()], p.uid);
        p.euid = e.number(Slots.EUID[type.ordinal()], e.number(Slots.UID[type.ordinal()], p.euid));
        p.gid = e.number(Slots.GID[type.ordinal()], p.gid);
        p.exeFlags = e.number(Slots.FLAGS[type.ordinal()], 0);
        p.exeIno = e.number(Slots.EXE_INO[type.ordinal()], -1);
        p.exeCtime = e.number(Slots.EXE_INO_CTIME[type.ordinal()], -1);
        p.exeMtime = e.number(Slots.EXE_INO_MTIME[type.ordinal()], -1);
        // the ids in its PID namespace, where the sensor reads them at the exec (the exec leaves one thread, the leader)
        namespaceIds(e, t);
        capabilities(e, p);
        List<String> cgroups = e.list(Slots.CGROUPS[type.ordinal()]);
        if (cgroups != null) {
            p.cgroups = List.copyOf(cgroups);
        }
        String container = e.text(Slots.CONTAINER_ID[type.ordinal()]);
        if (container == null) {
            container = CgroupContainers.idFrom(cgroups);
        }
        if (container != null) {
            p.containerId = container.isEmpty() || container.equals("host") ? null : container;
        }
        if (p.fds.sharers() > 1) {
            p.fds.unshare();
            p.fds = p.fds.copy();
        }
        p.fds.closeOnExec();
        // exec leaves only the calling thread in the process
        for (ThreadInfo other : new ArrayList<>(p.threads)) {
            if (other != t) {
                threads.removeThread(other.tid, null);
            }
        }
    }

    /**
     * The capability sets an exec or capset carries (names, as {@code thread.cap_*} print them). An event
     * with none leaves all three; one with some makes the sets it lacks unknown, since they may have changed
     * with the others (a sensor that reads only the effective set, after a setuid and exec), except the
     * inheritable set across an exec, which the kernel keeps.
     */
    private static void capabilities(Event e, ProcessInfo p) {
        int type = e.type().ordinal();
        String effective = e.text(Slots.CAP_EFFECTIVE[type]);
        String permitted = e.text(Slots.CAP_PERMITTED[type]);
        String inheritable = e.text(Slots.CAP_INHERITABLE[type]);
        if (effective == null && permitted == null && inheritable == null) {
            return;
        }
        boolean exec = e.type() == EventType.EXECVE || e.type() == EventType.EXECVEAT;
        p.capEffective = effective;
        p.capPermitted = permitted;
        p.capInheritable = inheritable != null || !exec ? inheritable : p.capInheritable;
    }

    /** procexit: the thread goes; the last thread takes its process, whose children go to the reaper. */
    void exit(Event e, ThreadInfo t) {
        long reaperTid = e.number(Slots.REAPER_TID[e.type().ordinal()], 0);
        ThreadInfo reaperThread = reaperTid > 0 ? threads.thread(reaperTid) : null;
        ProcessInfo reaper = reaperThread != null ? reaperThread.process : threads.process(1);
        threads.removeThread(t.tid, reaper);
    }

    /** Credential and directory calls; false when {@code e} is not one of them. */
    boolean apply(Event e, ThreadInfo t) {
        ProcessInfo p = t.process;
        EventType type = e.type();
        boolean ok = e.returnValue() >= 0;
        switch (type) {
            case SETUID -> {
                if (ok) {
                    long uid = e.number(Slots.UID[type.ordinal()], -1);
                    if (uid >= 0) {
                        p.uid = uid;
                        p.euid = uid;
                    }
                }
            }
            case SETGID -> {
                if (ok) {
                    p.gid = e.number(Slots.GID[type.ordinal()], p.gid);
                }
            }
            case SETRESUID, SETREUID -> {
                long euid = e.number(Slots.EUID[type.ordinal()], -1);
                if (ok && euid >= 0 && euid != 0xffffffffL) {
                    p.uid = euid;
                    p.euid = euid;
                }
            }
            case SETRESGID, SETREGID -> {
                long egid = e.number(Slots.EGID[type.ordinal()], -1);
                if (ok && egid >= 0 && egid != 0xffffffffL) {
                    p.gid = egid;
                }
            }
            case CHDIR -> {
                if (ok) {
                    p.cwd = PathNames.workingDirectory(p.cwd, e.text(Slots.PATH[type.ordinal()]));
                }
            }
            case FCHDIR -> {
                FdInfo fd = p.fds.get(e.number(Slots.FD[type.ordinal()], -1));
                if (fd != null) {
                    state.ctxFd(fd, e.number(Slots.FD[type.ordinal()], -1));
                    if (ok) {
                        p.cwd = PathNames.workingDirectory(p.cwd, fd.name());
                    }
                }
            }
            case SETSID -> {
                if (ok) {
                    p.sid = p.pid;
                    leadOwnGroup(p);
                }
            }
            case SETPGID -> {
                long pid = e.number(Slots.PID[type.ordinal()], 0);
                long pgid = e.number(Slots.PGID[type.ordinal()], 0);
                // the ids are the caller's namespace's: itself is 0, its vpid, or (on the host) its pid
                boolean self = pid == 0 || pid == p.pid || (p.vpid >= 0 && pid == p.vpid);
                if (ok && self) {
                    if (pgid == 0 || pgid == p.vpid()) {
                        leadOwnGroup(p);
                    } else {
                        p.vpgid = pgid;
                        if (p.vpid < 0 || p.vpid == p.pid) {
                            p.pgid = pgid;
                        }
                    }
                }
            }
            case CAPSET -> {
                if (ok) {
                    capabilities(e, p);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Marks a thread read from /proc as made when its process started. */
    private static void madeBySnapshot(ThreadInfo t, ProcessInfo p) {
        t.origin = ThreadInfo.Origin.SNAPSHOT;
        t.madeNanos = p.startNanos;
        t.startNanos = p.startNanos;
    }

    /** Makes {@code p} the leader of its own process group, in the host's PID namespace and in its own. */
    private static void leadOwnGroup(ProcessInfo p) {
        p.pgid = p.pid;
        p.vpgid = p.vpid;
    }

    /** A process seen in /proc at start. */
    void snapshot(Event e, StateContext ctx, long now) {
        ProcessSnapshot s = e.process();
        ProcessInfo p = threads.process(s.pid());
        if (p == null) {
            p = threads.createProcess(s.pid(), s.ppid(), now);
            if (p == null) {
                return;
            }
            if (p.parent == null && s.ppid() > 0) {
                state.parentLookupsMissed++;
            }
        } else if (s.ppid() > 0 && (p.parent == null || p.parent.pid != s.ppid())) {
            ProcessInfo parent = threads.process(s.ppid());
            if (parent != null) {
                threads.link(p, parent);
            }
        }
        p.setCommand(s.comm(), s.exe(), s.args());
        p.exePath = s.exePath() != null ? s.exePath() : s.exe() != null && s.exe().startsWith("/") ? s.exe() : p.exePath;
        p.env = s.env();
        p.cwd = PathNames.workingDirectory(p.cwd, s.cwd());
        p.tty = s.tty();
        p.uid = s.uid();
        p.gid = s.gid();
        p.euid = s.euid();
        p.loginUid = s.loginUid();
        p.sid = s.sid();
        p.pgid = s.pgid();
        p.vpid = s.vpid();
        p.vpgid = s.vpgid();
        String cid = s.containerId();
        p.containerId = cid == null || cid.isEmpty() || cid.equals("host") ? null : cid;
        if (s.startNanos() > 0) {
            p.startNanos = s.startNanos();
        }
        p.capEffective = s.capEffective();
        p.capPermitted = s.capPermitted();
        p.capInheritable = s.capInheritable();
        p.exeFlags = s.exeFlags();
        ThreadInfo main = threads.thread(s.tid());
        if (main == null) {
            main = threads.addThread(s.tid(), p, now);
        }
        if (main == null) {
            return;
        }
        if (main.tid == s.pid() && s.vpid() >= 0) {
            main.vtid = s.vpid();
        }
        if (main.process == p) {
            madeBySnapshot(main, p);
        }
        for (long tid : s.tids()) {
            ThreadInfo t = threads.addThread(tid, p, now);
            if (t != null && t.process == p) {
                madeBySnapshot(t, p);
            }
        }
        ctx.thread = main;
        ctx.process = p;
    }
}
