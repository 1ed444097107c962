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

    private final SystemState state;
    private final ThreadTable threads;

    ProcessEvents(SystemState state, ThreadTable threads) {
        this.state = state;
        this.threads = threads;
    }

    /** A clone seen in the parent: the return value is the child's tid. */
    void cloneParent(Event e, ThreadInfo caller, long now) {
        long childTid = e.returnValue();
        if (childTid <= 0 || threads.thread(childTid) != null) {
            return;
        }
        createChild(e, caller.process, childTid, now);
    }

    /** A clone seen first in the child (return value 0): the parent is the {@code ptid} parameter. */
    ThreadInfo cloneChild(Event e, long now) {
        long ptid = e.number(e.type().slot("ptid"), -1);
        ThreadInfo parentThread = ptid > 0 ? threads.thread(ptid) : null;
        if (parentThread == null) {
            state.parentLookupsMissed++;
            return null;
        }
        return createChild(e, parentThread.process, e.tid(), now);
    }

    private ThreadInfo createChild(Event e, ProcessInfo caller, long childTid, long now) {
        EventType type = e.type();
        long flags = e.number(type.slot("flags"), 0);
        if (type == EventType.VFORK || type == EventType.FORK) {
            flags &= ~(CLONE_THREAD | CLONE_FILES);
        }
        if ((flags & CLONE_THREAD) != 0) {
            ThreadInfo t = threads.addThread(childTid, caller, now);
            t.vtid = e.number(type.slot("vtid"), -1);
            return t;
        }
        ProcessInfo parent = (flags & CLONE_PARENT) != 0 && caller.parent != null ? caller.parent : caller;
        long childPid = e.tid() == childTid && e.pid() > 0 ? e.pid() : childTid;
        ProcessInfo child = threads.createProcess(childPid, parent.pid, now);
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
        String comm = e.text(type.slot("comm"));
        String exe = e.text(type.slot("exe"));
        List<String> args = e.list(type.slot("args"));
        if (comm != null || exe != null || args != null) {
            child.setCommand(comm, exe, args);
        }
        String cwd = e.text(type.slot("cwd"));
        if (cwd != null) {
            child.cwd = cwd;
        }
        child.uid = e.number(type.slot("uid"), child.uid);
        child.euid = e.number(type.slot("uid"), child.euid);
        child.gid = e.number(type.slot("gid"), child.gid);
        child.pgid = e.number(type.slot("pgid"), child.pgid);
        child.vpid = e.number(type.slot("vpid"), -1);
        ThreadInfo t = threads.thread(childTid);
        if (t == null) {
            t = threads.addThread(childTid, child, now);
        }
        t.vtid = e.number(type.slot("vtid"), -1);
        return t;
    }

    /** A successful execve/execveat replaces the process's command, executable and environment. */
    void exec(Event e, ThreadInfo t, long now) {
        if (e.returnValue() != 0) {
            return;
        }
        EventType type = e.type();
        ProcessInfo p = t.process;
        String cwd = e.text(type.slot("cwd"));
        if (cwd != null) {
            p.cwd = cwd;
        }
        String filename = e.text(type.slot("filename"));
        if (filename == null) {
            filename = e.text(type.slot("pathname"));
        }
        String exe = e.text(type.slot("exe"));
        List<String> args = e.list(type.slot("args"));
        String trusted = e.text(type.slot("trusted_exepath"));
        String exePath = trusted != null ? trusted : PathNames.absolute(p.cwd, filename != null ? filename : exe);
        p.exePath = exePath;
        String comm = e.text(type.slot("comm"));
        if (comm == null) {
            String base = PathNames.basename(filename != null ? filename : exePath != null ? exePath : exe);
            comm = base == null ? null : base.length() > 15 ? base.substring(0, 15) : base;
        }
        if (exe == null) {
            exe = filename;
        }
        p.setCommand(comm, exe, args == null ? List.of() : args);
        List<String> env = e.list(type.slot("env"));
        if (env != null) {
            p.env = List.copyOf(env);
        }
        p.tty = e.number(type.slot("tty"), p.tty);
        p.pgid = e.number(type.slot("pgid"), p.pgid);
        p.vpgid = e.number(type.slot("vpgid"), p.vpgid);
        p.sid = e.number(type.slot("sid"), p.sid);
        p.loginUid = e.number(type.slot("loginuid"), p.loginUid);
        p.uid = e.number(type.slot("uid"), p.uid);
        p.euid = e.number(type.slot("euid"), e.number(type.slot("uid"), p.euid));
        p.gid = e.number(type.slot("gid"), p.gid);
        p.exeFlags = e.number(type.slot("flags"), 0);
        p.exeIno = e.number(type.slot("exe_ino"), -1);
        p.exeCtime = e.number(type.slot("exe_ino_ctime"), -1);
        p.exeMtime = e.number(type.slot("exe_ino_mtime"), -1);
        String cap = e.text(type.slot("cap_effective"));
        if (cap != null) {
            p.capEffective = cap;
        }
        cap = e.text(type.slot("cap_permitted"));
        if (cap != null) {
            p.capPermitted = cap;
        }
        cap = e.text(type.slot("cap_inheritable"));
        if (cap != null) {
            p.capInheritable = cap;
        }
        String container = e.text(type.slot("container_id"));
        if (container == null) {
            container = CgroupContainers.idFrom(e.list(type.slot("cgroups")));
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

    /** procexit: the thread goes; the last thread takes its process, whose children go to the reaper. */
    void exit(Event e, ThreadInfo t) {
        long reaperTid = e.number(e.type().slot("reaper_tid"), 0);
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
                    long uid = e.number(type.slot("uid"), -1);
                    if (uid >= 0) {
                        p.uid = uid;
                        p.euid = uid;
                    }
                }
            }
            case SETGID -> {
                if (ok) {
                    p.gid = e.number(type.slot("gid"), p.gid);
                }
            }
            case SETRESUID, SETREUID -> {
                long euid = e.number(type.slot("euid"), -1);
                if (ok && euid >= 0 && euid != 0xffffffffL) {
                    p.uid = euid;
                    p.euid = euid;
                }
            }
            case SETRESGID, SETREGID -> {
                long egid = e.number(type.slot("egid"), -1);
                if (ok && egid >= 0 && egid != 0xffffffffL) {
                    p.gid = egid;
                }
            }
            case CHDIR -> {
                String path = e.text(type.slot("path"));
                if (ok && path != null) {
                    String abs = PathNames.absolute(p.cwd, path);
                    if (abs != null) {
                        p.cwd = abs;
                    }
                }
            }
            case FCHDIR -> {
                FdInfo fd = p.fds.get(e.number(type.slot("fd"), -1));
                if (fd != null) {
                    state.ctxFd(fd, e.number(type.slot("fd"), -1));
                    if (ok && fd.name() != null) {
                        p.cwd = fd.name();
                    }
                }
            }
            case SETSID -> {
                if (ok) {
                    p.sid = p.pid;
                    p.pgid = p.pid;
                }
            }
            case SETPGID -> {
                long pid = e.number(type.slot("pid"), 0);
                long pgid = e.number(type.slot("pgid"), 0);
                if (ok && (pid == 0 || pid == p.pid)) {
                    p.pgid = pgid == 0 ? p.pid : pgid;
                }
            }
            case CAPSET -> {
                String cap = e.text(type.slot("cap_effective"));
                if (ok && cap != null) {
                    p.capEffective = cap;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A process seen in /proc at start. */
    void snapshot(Event e, StateContext ctx, long now) {
        ProcessSnapshot s = e.process();
        ProcessInfo p = threads.process(s.pid());
        if (p == null) {
            p = threads.createProcess(s.pid(), s.ppid(), now);
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
        if (s.cwd() != null) {
            p.cwd = s.cwd();
        }
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
        p.exeFlags = s.exeFlags();
        ThreadInfo main = threads.thread(s.tid());
        if (main == null) {
            main = threads.addThread(s.tid(), p, now);
        }
        for (long tid : s.tids()) {
            threads.addThread(tid, p, now);
        }
        ctx.thread = main;
        ctx.process = p;
    }
}
