package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.b;
import static dev.kestrel.fields.Accessors.bool;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.ProcessInfo;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code proc} and {@code thread} field class: process identity, command lines, ancestors,
 * sessions and process groups, executable flags and capabilities, read from the thread table.
 */
public final class ProcFields extends CatalogueFieldClass {

    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "ksh", "dash", "csh", "tcsh", "fish", "ash");
    private static final long EXE_WRITABLE = 1;
    private static final long EXE_UPPER_LAYER = 2;
    private static final long EXE_FROM_MEMFD = 4;
    private static final long EXE_LOWER_LAYER = 8;

    public ProcFields() {
        super("proc", "processes and threads: names, command lines, ancestors, sessions, executables", bindings());
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("proc.exe", s(c -> of(c.process(), ProcessInfo::exe)));
        m.put("proc.pexe", s(c -> of(parent(c), ProcessInfo::exe)));
        m.put("proc.aexe", Ancestors.strings(ProcessInfo::exe));
        m.put("proc.exepath", s(c -> of(c.process(), ProcessInfo::exePath)));
        m.put("proc.pexepath", s(c -> of(parent(c), ProcessInfo::exePath)));
        m.put("proc.aexepath", Ancestors.strings(ProcessInfo::exePath));
        m.put("proc.name", s(c -> of(c.process(), ProcessInfo::comm)));
        m.put("proc.pname", s(c -> of(parent(c), ProcessInfo::comm)));
        m.put("proc.aname", Ancestors.strings(ProcessInfo::comm));
        m.put("proc.args", ref -> {
            if (ref.argument() == null) {
                return new Accessors.Str(ref, c -> of(c.process(), ProcessInfo::argsText));
            }
            int i = Integer.parseInt(ref.argument());
            return new Accessors.Str(ref, c -> {
                List<String> a = c.process() == null ? null : c.process().args();
                return a == null || i < 0 || i >= a.size() ? null : a.get(i);
            });
        });
        m.put("proc.aargs", Ancestors.strings(ProcessInfo::argsText));
        m.put("proc.cmdline", s(c -> of(c.process(), ProcessInfo::cmdline)));
        m.put("proc.pcmdline", s(c -> of(parent(c), ProcessInfo::cmdline)));
        m.put("proc.acmdline", Ancestors.strings(ProcessInfo::cmdline));
        m.put("proc.cmdnargs", n(c -> c.process() == null ? NONE : c.process().args().size()));
        m.put("proc.cmdlenargs", n(c -> {
            if (c.process() == null) {
                return NONE;
            }
            long len = 0;
            for (String a : c.process().args()) {
                len += a.length();
            }
            return len;
        }));
        m.put("proc.exeline", s(c -> of(c.process(), ProcessInfo::exeline)));
        m.put("proc.env", ref -> {
            String key = ref.argument();
            if (key == null) {
                return new Accessors.Str(ref, c -> c.process() == null ? null : String.join(" ", c.process().env()));
            }
            if (key.chars().allMatch(Character::isDigit)) {
                int i = Integer.parseInt(key);
                return new Accessors.Str(ref, c -> {
                    List<String> env = c.process() == null ? null : c.process().env();
                    return env == null || i >= env.size() ? null : env.get(i);
                });
            }
            String prefix = key + "=";
            return new Accessors.Str(ref, c -> {
                if (c.process() == null) {
                    return null;
                }
                for (String e : c.process().env()) {
                    if (e.startsWith(prefix)) {
                        return e.substring(prefix.length());
                    }
                }
                return null;
            });
        });
        m.put("proc.cwd", s(c -> of(c.process(), ProcessInfo::cwd)));
        m.put("proc.loginshellid", n(ProcFields::loginShell));
        m.put("proc.tty", n(c -> c.process() == null ? NONE : c.process().tty()));
        m.put("proc.pid", n(c -> c.process() == null ? NONE : c.process().pid()));
        m.put("proc.ppid", n(c -> c.process() == null || c.process().ppid() <= 0 ? NONE : c.process().ppid()));
        m.put("proc.apid", Ancestors.pids());
        m.put("proc.vpid", n(c -> c.process() == null ? NONE : c.process().vpid()));
        m.put("proc.pvpid", n(c -> parent(c) == null ? NONE : parent(c).vpid()));
        m.put("proc.sid", n(c -> c.process() == null || c.process().sid() < 0 ? NONE : c.process().sid()));
        m.put("proc.sname", s(c -> ofLeader(c, leader(c, sid(c)), ProcessInfo::comm)));
        m.put("proc.sid.exe", s(c -> ofLeader(c, leader(c, sid(c)), ProcessInfo::exe)));
        m.put("proc.sid.exepath", s(c -> ofLeader(c, leader(c, sid(c)), ProcessInfo::exePath)));
        m.put("proc.vpgid", n(c -> c.process() == null || c.process().vpgid() < 0 ? NONE : c.process().vpgid()));
        m.put("proc.vpgid.name", s(c -> ofLeader(c, vpgidLeader(c), ProcessInfo::comm)));
        m.put("proc.vpgid.exe", s(c -> ofLeader(c, vpgidLeader(c), ProcessInfo::exe)));
        m.put("proc.vpgid.exepath", s(c -> ofLeader(c, vpgidLeader(c), ProcessInfo::exePath)));
        m.put("proc.pgid", n(c -> c.process() == null || c.process().pgid() < 0 ? NONE : c.process().pgid()));
        m.put("proc.pgid.name", s(c -> ofLeader(c, leader(c, pgid(c)), ProcessInfo::comm)));
        m.put("proc.pgid.exe", s(c -> ofLeader(c, leader(c, pgid(c)), ProcessInfo::exe)));
        m.put("proc.pgid.exepath", s(c -> ofLeader(c, leader(c, pgid(c)), ProcessInfo::exePath)));
        // libsinsp's TYPE_DURATION and TYPE_PID_CLONE_TS read the event's thread's own clone time.
        m.put("proc.duration", n(c -> c.thread() == null || c.thread().startNanos() <= 0 ? NONE
                : c.event().timestampNanos() - c.thread().startNanos()));
        m.put("proc.ppid.duration", n(c -> parent(c) == null || parent(c).startNanos() <= 0 ? NONE
                : c.event().timestampNanos() - parent(c).startNanos()));
        m.put("proc.pid.ts", n(c -> c.thread() == null || c.thread().startNanos() <= 0 ? NONE
                : c.thread().startNanos()));
        m.put("proc.ppid.ts", n(c -> parent(c) == null || parent(c).startNanos() <= 0 ? NONE : parent(c).startNanos()));
        m.put("proc.is_exe_writable", b(c -> exeFlag(c, EXE_WRITABLE)));
        m.put("proc.is_exe_upper_layer", b(c -> exeFlag(c, EXE_UPPER_LAYER)));
        m.put("proc.is_exe_lower_layer", b(c -> exeFlag(c, EXE_LOWER_LAYER)));
        m.put("proc.is_exe_from_memfd", b(c -> exeFlag(c, EXE_FROM_MEMFD)));
        m.put("proc.is_sid_leader", b(c -> c.process() == null ? -1 : bool(c.process().sid() == c.process().pid())));
        m.put("proc.is_vpgid_leader", b(c -> c.process() == null ? -1
                : bool(c.process().vpgid() == c.process().vpid())));
        m.put("proc.is_pgid_leader", b(c -> c.process() == null ? -1 : bool(c.process().pgid() == c.process().pid())));
        m.put("proc.exe_ino", n(c -> c.process() == null || c.process().exeIno() < 0 ? NONE : c.process().exeIno()));
        m.put("proc.exe_ino.ctime", n(c -> c.process() == null || c.process().exeCtime() < 0 ? NONE
                : c.process().exeCtime()));
        m.put("proc.exe_ino.mtime", n(c -> c.process() == null || c.process().exeMtime() < 0 ? NONE
                : c.process().exeMtime()));
        m.put("proc.exe_ino.ctime_duration_proc_start", n(c -> {
            ProcessInfo p = c.process();
            if (p == null || p.exeCtime() < 0 || p.startNanos() <= 0) {
                return NONE;
            }
            return p.startNanos() - p.exeCtime();
        }));
        m.put("thread.cap_permitted", s(c -> of(c.process(), ProcessInfo::capPermitted)));
        m.put("thread.cap_inheritable", s(c -> of(c.process(), ProcessInfo::capInheritable)));
        m.put("thread.cap_effective", s(c -> of(c.process(), ProcessInfo::capEffective)));
        m.put("proc.fdopencount", n(c -> c.process() == null ? NONE : c.process().fds().size()));
        m.put("thread.tid", n(c -> c.thread() == null ? NONE : c.thread().tid()));
        m.put("thread.ismain", b(c -> c.thread() == null ? -1 : bool(c.thread().isMain())));
        m.put("thread.vtid", n(c -> c.thread() == null ? NONE : c.thread().vtid()));
        m.put("thread.nametid", s(c -> {
            ThreadInfo t = c.thread();
            return t == null || t.process().comm() == null ? null : t.process().comm() + t.tid();
        }));
        m.put("thread.cgroups", s(c -> c.process() == null || c.process().cgroups().isEmpty() ? null
                : String.join(" ", c.process().cgroups())));
        m.put("thread.cgroup", ref -> {
            String subsystem = ref.argument();
            return new Accessors.Str(ref, c -> c.process() == null ? null : cgroup(c.process().cgroups(), subsystem));
        });
        m.put("proc.nthreads", n(c -> c.process() == null ? NONE : c.process().liveThreads()));
        m.put("proc.nchilds", n(c -> c.process() == null ? NONE : Math.max(0, c.process().liveThreads() - 1)));
        m.put("proc.stdin.type", s(c -> fdType(c, 0)));
        m.put("proc.stdout.type", s(c -> fdType(c, 1)));
        m.put("proc.stderr.type", s(c -> fdType(c, 2)));
        m.put("proc.stdin.name", s(c -> fdName(c, 0)));
        m.put("proc.stdout.name", s(c -> fdName(c, 1)));
        m.put("proc.stderr.name", s(c -> fdName(c, 2)));
        return m;
    }

    private static String of(ProcessInfo p, Function<ProcessInfo, String> f) {
        return p == null ? null : f.apply(p);
    }

    /**
     * A field of the process's session or group leader: as in libsinsp, empty (a value) when the process is
     * known and its leader is not, or has no such field; no value only without a process.
     */
    private static String ofLeader(StateContext c, ProcessInfo leader, Function<ProcessInfo, String> f) {
        if (c.process() == null) {
            return null;
        }
        String v = leader == null ? null : f.apply(leader);
        return v == null ? "" : v;
    }

    private static long sid(StateContext c) {
        return c.process() == null ? -1 : c.process().sid();
    }

    private static ProcessInfo parent(StateContext c) {
        return c.process() == null ? null : c.process().parent();
    }

    private static ProcessInfo leader(StateContext c, long pid) {
        return pid <= 0 ? null : c.state().threads().process(pid);
    }

    /**
     * The leader of the process's group in its PID namespace: on the host, the process of that pid; in a
     * container (whose group id is the namespace's), or when the table has no such process, the oldest of the
     * ancestors in the group from the parent up, as libsinsp looks it up.
     */
    private static ProcessInfo vpgidLeader(StateContext c) {
        ProcessInfo p = c.process();
        long id = p == null ? -1 : p.vpgid();
        if (id <= 0) {
            return null;
        }
        if (p.vpid() == p.pid()) {
            ProcessInfo direct = c.state().threads().process(id);
            if (direct != null) {
                return direct;
            }
        }
        ProcessInfo found = null;
        ProcessInfo a = p.parent();
        for (int i = 0; a != null && a.vpgid() == id && i < Ancestors.MAX_DEPTH; i++, a = a.parent()) {
            found = a;
        }
        return found;
    }

    private static long pgid(StateContext c) {
        return c.process() == null ? -1 : c.process().pgid();
    }

    private static int exeFlag(StateContext c, long flag) {
        return c.process() == null ? -1 : bool((c.process().exeFlags() & flag) != 0);
    }

    private static long loginShell(StateContext c) {
        long found = NONE;
        ProcessInfo p = c.process();
        for (int i = 0; p != null && i < Ancestors.MAX_DEPTH; i++, p = p.parent()) {
            if (p.comm() != null && SHELLS.contains(p.comm())) {
                found = p.pid();
            }
        }
        return found;
    }

    /** The path of {@code subsystem} in cgroup lines {@code ID:SUB1,SUB2:PATH} (cgroup v2: {@code 0::PATH}). */
    static String cgroup(List<String> lines, String subsystem) {
        for (String line : lines) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            String subs = line.substring(a + 1, b);
            for (String s : subs.split(",")) {
                if (s.equals(subsystem)) {
                    return line.substring(b + 1);
                }
            }
        }
        return null;
    }

    private static String fdType(StateContext c, long fd) {
        FdInfo f = c.process() == null ? null : c.process().fds().get(fd);
        return f == null ? null : f.type().text();
    }

    private static String fdName(StateContext c, long fd) {
        FdInfo f = c.process() == null ? null : c.process().fds().get(fd);
        return f == null ? null : f.name();
    }
}
