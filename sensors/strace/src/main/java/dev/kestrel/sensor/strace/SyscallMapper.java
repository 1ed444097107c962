package dev.kestrel.sensor.strace;

import dev.kestrel.core.event.Errno;
import dev.kestrel.sensor.proc.SocketInodes;
import dev.kestrel.sensor.strace.StraceValues.FdArg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps strace records to {@link CallEvent}s with Falco's event names and parameter names. Paths are
 * made absolute (against the {@code dirfd} strace annotated, or the process's working directory) so
 * {@code fd.name} and path arguments read as Falco shows them. Not thread-safe: one mapper per stream.
 */
final class SyscallMapper {

    private final TracedThreads threads = new TracedThreads();
    private final NetworkCalls network;
    private final boolean realExePaths;

    /** A mapper that looks nothing up on this machine (for recorded traces). */
    SyscallMapper() {
        this(null, false);
    }

    /**
     * @param sockets where to find the local address of a socket strace printed only by inode; null: nowhere
     * @param realExePaths whether an executed file's path is resolved through symbolic links, as
     *                     Falco's {@code proc.exepath} is (only meaningful on the traced machine)
     */
    SyscallMapper(SocketInodes sockets, boolean realExePaths) {
        this.network = new NetworkCalls(sockets);
        this.realExePaths = realExePaths;
    }

    /** Records a process known from /proc: its threads and working directory. */
    void known(long pid, List<Long> tids, String cwd) {
        threads.member(pid, pid);
        for (long tid : tids) {
            threads.member(tid, pid);
        }
        threads.cwd(pid, cwd);
    }

    /** True when thread {@code tid} is known (from /proc or a traced clone). */
    boolean known(long tid) {
        return threads.known(tid);
    }

    /** The event for {@code record}, or null when it stands for none (signals, untraced calls). */
    CallEvent map(StraceRecord record) {
        if (record instanceof ExitRecord e) {
            return exit(e);
        }
        if (record instanceof SyscallRecord s) {
            learnCwd(s);
            return call(s);
        }
        return null;
    }

    /** How often the thread maps were cleared because they outgrew their bound. */
    long threadResets() {
        return threads.resets();
    }

    private CallEvent exit(ExitRecord e) {
        long pid = threads.process(e.pid());
        Map<String, Object> p = new LinkedHashMap<>();
        int signal = e.signal() == null ? 0 : Signals.number(e.signal());
        // The wait status, as Falco's procexit carries it: exit code in bits 8-15, or the signal (and core bit).
        p.put("status", (long) (e.signal() == null ? (e.status() & 0xff) << 8 : signal | (e.coreDumped() ? 0x80 : 0)));
        threads.exited(e.pid());
        return new CallEvent("procexit", e.timeNanos(), e.pid(), pid, 0, p);
    }

    /** {@code AT_FDCWD</dir>} in any argument tells the caller's working directory for free. */
    private void learnCwd(SyscallRecord s) {
        for (String a : s.args()) {
            if (a.startsWith("AT_FDCWD<")) {
                FdArg fd = StraceValues.fd(a);
                if (fd != null && fd.path() != null) {
                    threads.cwd(s.pid(), fd.path());
                }
                return;
            }
        }
    }

    private CallEvent call(SyscallRecord s) {
        long res = s.returned() ? (s.errno() != null ? rawResult(s.errno()) : s.returnValue()) : 0;
        Map<String, Object> p = new LinkedHashMap<>();
        String type = s.name();
        switch (s.name()) {
            case "clone", "clone3", "fork", "vfork" -> clone(s, res, p);
            case "execve" -> {
                p.put("res", res);
                exec(s, path(s, null, s.arg(0)), StraceValues.stringArray(s.arg(1)), p);
            }
            case "execveat" -> {
                p.put("res", res);
                exec(s, path(s, s.arg(0), s.arg(1)), StraceValues.stringArray(s.arg(2)), p);
            }
            case "open", "creat" -> {
                p.put("fd", res);
                p.put("name", path(s, null, s.arg(0)));
                if (s.name().equals("open")) {
                    p.put("flags", s.arg(1));
                }
                p.put("mode", mode(s.name().equals("creat") ? s.arg(1) : s.arg(2)));
                fdName(s, p);
            }
            case "openat", "openat2" -> {
                p.put("fd", res);
                p.put("dirfd", fdNumber(s.arg(0)));
                p.put("name", path(s, s.arg(0), s.arg(1)));
                if (s.name().equals("openat")) {
                    p.put("flags", s.arg(2));
                    p.put("mode", mode(s.arg(3)));
                } else {
                    p.put("flags", structField(s.arg(2), "flags"));
                    p.put("mode", mode(structField(s.arg(2), "mode")));
                }
                fdName(s, p);
            }
            case "memfd_create" -> {
                p.put("fd", res);
                p.put("name", StraceValues.text(s.arg(0)));
                p.put("flags", s.arg(1));
            }
            case "close" -> fdParam(s, 0, "fd", p).put("res", res);
            case "dup", "dup2", "dup3" -> {
                p.put("res", res);
                fdParam(s, 0, "oldfd", p);
                if (!s.name().equals("dup")) {
                    fdParam(s, 1, "newfd", p);
                }
                if (s.name().equals("dup3")) {
                    p.put("flags", s.arg(2));
                }
            }
            case "fcntl" -> {
                String cmd = s.arg(1);
                if (!"F_DUPFD".equals(cmd) && !"F_DUPFD_CLOEXEC".equals(cmd)) {
                    return null;
                }
                type = "dup";
                p.put("res", res);
                fdParam(s, 0, "oldfd", p);
            }
            case "socket", "connect", "accept", "accept4", "bind", "listen", "sendto", "recvfrom" ->
                    network.map(s, res, threads.process(s.pid()), p);
            case "rename", "link" -> {
                p.put("res", res);
                p.put("oldpath", path(s, null, s.arg(0)));
                p.put("newpath", path(s, null, s.arg(1)));
            }
            case "renameat", "renameat2", "linkat" -> {
                p.put("res", res);
                p.put(s.name().equals("linkat") ? "olddir" : "olddirfd", fdNumber(s.arg(0)));
                p.put("oldpath", path(s, s.arg(0), s.arg(1)));
                p.put(s.name().equals("linkat") ? "newdir" : "newdirfd", fdNumber(s.arg(2)));
                p.put("newpath", path(s, s.arg(2), s.arg(3)));
                if (s.args().size() > 4) {
                    p.put("flags", s.arg(4));
                }
            }
            case "unlink", "rmdir" -> {
                p.put("res", res);
                p.put("path", path(s, null, s.arg(0)));
            }
            case "unlinkat" -> {
                p.put("res", res);
                p.put("dirfd", fdNumber(s.arg(0)));
                p.put("name", path(s, s.arg(0), s.arg(1)));
                p.put("flags", s.arg(2));
            }
            case "mkdir" -> {
                p.put("res", res);
                p.put("path", path(s, null, s.arg(0)));
                p.put("mode", mode(s.arg(1)));
            }
            case "mkdirat" -> {
                p.put("res", res);
                p.put("dirfd", fdNumber(s.arg(0)));
                p.put("path", path(s, s.arg(0), s.arg(1)));
                p.put("mode", mode(s.arg(2)));
            }
            case "symlink" -> {
                p.put("res", res);
                p.put("target", StraceValues.text(s.arg(0)));
                p.put("linkpath", path(s, null, s.arg(1)));
            }
            case "symlinkat" -> {
                p.put("res", res);
                p.put("target", StraceValues.text(s.arg(0)));
                p.put("linkdirfd", fdNumber(s.arg(1)));
                p.put("linkpath", path(s, s.arg(1), s.arg(2)));
            }
            case "chmod" -> {
                p.put("res", res);
                p.put("filename", path(s, null, s.arg(0)));
                p.put("mode", mode(s.arg(1)));
            }
            case "fchmod" -> {
                p.put("res", res);
                fdParam(s, 0, "fd", p);
                p.put("mode", mode(s.arg(1)));
            }
            case "fchmodat" -> {
                p.put("res", res);
                p.put("dirfd", fdNumber(s.arg(0)));
                p.put("filename", path(s, s.arg(0), s.arg(1)));
                p.put("mode", mode(s.arg(2)));
            }
            case "setuid", "setgid" -> {
                p.put("res", res);
                p.put(s.name().equals("setuid") ? "uid" : "gid", StraceValues.number(s.arg(0)));
            }
            case "setresuid", "setresgid" -> {
                p.put("res", res);
                String k = s.name().equals("setresuid") ? "uid" : "gid";
                p.put("r" + k, StraceValues.number(s.arg(0)));
                p.put("e" + k, StraceValues.number(s.arg(1)));
                p.put("s" + k, StraceValues.number(s.arg(2)));
            }
            case "ptrace" -> {
                p.put("res", res);
                p.put("request", s.arg(0));
                p.put("pid", StraceValues.number(s.arg(1)));
            }
            case "init_module" -> {
                p.put("res", res);
                p.put("length", StraceValues.number(s.arg(1)));
                p.put("uargs", StraceValues.text(s.arg(2)));
            }
            case "finit_module" -> {
                p.put("res", res);
                fdParam(s, 0, "fd", p);
                p.put("uargs", StraceValues.text(s.arg(1)));
                p.put("flags", s.arg(2));
            }
            case "chdir" -> {
                p.put("res", res);
                String dir = path(s, null, s.arg(0));
                p.put("path", dir);
                if (res == 0) {
                    threads.cwd(s.pid(), dir);
                }
            }
            case "fchdir" -> {
                p.put("res", res);
                fdParam(s, 0, "fd", p);
                FdArg fd = StraceValues.fd(s.arg(0));
                if (res == 0 && fd != null && fd.path() != null) {
                    threads.cwd(s.pid(), fd.path());
                }
            }
            default -> {
                return null;
            }
        }
        p.values().removeIf(v -> v == null);
        return new CallEvent(type, s.timeNanos(), s.pid(), threads.process(s.pid()), res, p);
    }

    private void clone(SyscallRecord s, long res, Map<String, Object> p) {
        String flags = switch (s.name()) {
            case "clone" -> cloneFlags(s.args(), "flags=");
            case "clone3" -> structField(s.arg(0), "flags");
            case "vfork" -> "CLONE_VM|CLONE_VFORK";
            default -> "";
        };
        p.put("res", res);
        p.put("flags", flags == null ? "" : flags);
        if (res > 0) {
            threads.created(s.pid(), res, flags != null && flags.contains("CLONE_THREAD"));
        }
    }

    private void exec(SyscallRecord s, String file, List<String> argv, Map<String, Object> p) {
        if (s.succeeded()) {
            threads.execed(s.pid());
        }
        if (file != null) {
            p.put("filename", file);
            p.put("comm", truncate(Paths.basename(file)));
            p.put("trusted_exepath", realExePaths && s.succeeded() ? realPath(file) : file);
        }
        if (argv != null) {
            p.put("exe", argv.isEmpty() ? (file == null ? "" : file) : argv.get(0));
            p.put("args", argv.size() > 1 ? List.copyOf(argv.subList(1, argv.size())) : List.of());
        }
        String cwd = threads.cwd(s.pid());
        if (cwd != null) {
            p.put("cwd", cwd);
        }
    }

    /** {@code file} with symbolic links resolved, or itself when that fails. */
    private static String realPath(String file) {
        try {
            return Path.of(file).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return file;
        }
    }

    /** The kernel's raw result for a call that failed with {@code errno}: minus its number, or -1 if unknown. */
    private static long rawResult(String errno) {
        int code = Errno.code(errno);
        return code > 0 ? -code : -1;
    }

    /** The kernel's comm is the executed file's name, cut to 15 characters. */
    private static String truncate(String name) {
        return name.length() > 15 ? name.substring(0, 15) : name;
    }

    /** The path argument {@code raw} made absolute against {@code dirfdRaw}'s annotation or the cwd. */
    private String path(SyscallRecord s, String dirfdRaw, String raw) {
        String path = StraceValues.text(raw);
        if (path == null) {
            return null;
        }
        FdArg dir = dirfdRaw == null ? null : StraceValues.fd(dirfdRaw);
        String base = dir != null && dir.fd() != StraceValues.AT_FDCWD && dir.path() != null ? dir.path() : threads.cwd(s.pid());
        return Paths.resolve(base, path);
    }

    /** For opens: the (decoded) path the kernel reports for the new fd is kept as {@code fd.name} when the call succeeded. */
    private static void fdName(SyscallRecord s, Map<String, Object> p) {
        String reported = StraceValues.annotationPath(s.resultAnnotation());
        if (s.succeeded() && reported != null && p.get("name") instanceof String name && !name.startsWith("/")) {
            p.put("name", reported);
        }
    }

    /** Puts argument {@code index}'s fd number as parameter {@code name}; returns {@code p}. */
    static Map<String, Object> fdParam(SyscallRecord s, int index, String name, Map<String, Object> p) {
        p.put(name, fdNumber(s.arg(index)));
        return p;
    }

    static Long fdNumber(String raw) {
        FdArg fd = StraceValues.fd(raw);
        return fd == null ? null : (long) fd.fd();
    }

    private static Long mode(String raw) {
        if (raw == null) {
            return null;
        }
        long m = StraceValues.number(raw);
        return m < 0 ? null : m;
    }

    /** The value of {@code key=} inside a {@code {...}} structure argument, or null. */
    private static String structField(String raw, String key) {
        if (raw == null || !raw.startsWith("{")) {
            return null;
        }
        int close = raw.indexOf('}');
        return cloneFlags(List.of(raw.substring(1, close < 0 ? raw.length() : close).split(", ")), key + "=");
    }

    private static String cloneFlags(List<String> args, String prefix) {
        for (String a : args) {
            String t = a.trim();
            if (t.startsWith(prefix)) {
                return t.substring(prefix.length());
            }
        }
        return null;
    }
}
