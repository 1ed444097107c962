package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.OpenPathFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tiny simulated machine for the open-filter laws: one or two processes open, close, copy and
 * change files, and every call becomes the lines the eBPF program prints for it (format in
 * {@link BpftraceScript}). {@link #leftInKernel} then drops what the kernel program leaves in the
 * kernel, following {@link KernelOpenFilter}'s bookkeeping. Not thread-safe; one per stream.
 */
final class SyscallWorld {

    static final long AT_FDCWD = -100;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_DIRECTORY = 0200000;
    static final int O_CLOEXEC = 02000000;
    private static final long EBADF = -9;
    private static final long ENOENT = -2;
    private static final long EACCES = -13;
    private static final long ENOTDIR = -20;
    private static final long EISDIR = -21;
    private static final String CONTAINER_ID = "c0ffee".repeat(10) + "beef";
    private static final long CONTAINER_CGROUP = 7;
    private static final long HOST_CGROUP = 1;

    /** The directories of the machine; every other path is a file. */
    static final Set<String> DIRECTORIES = Set.of("/", "/etc", "/etc/pam.d", "/etc/sudoers.d", "/etc/security", "/var", "/var/log",
            "/tmp", "/tmp/d", "/root", "/root/.ssh");

    /** What the kernel program must know of a printed call to leave opens and closes in the kernel. */
    enum Kind { OPEN, CLOSE, RETURNS_FD, OTHER }

    /**
     * The lines of one call by {@code process} (a pid and its start time: a pid used again is another
     * process). For an open: the path as passed, its flags (creat: write-only), the result and whether
     * it opened a directory; for a close: the fd.
     */
    record Printed(Kind kind, List<Long> process, String raw, int flags, long ret, boolean directory, long fd, List<String> lines) {
    }

    /** One step of a stream, read against the machine's state: {@code kind} picks the call, the rest its arguments. */
    record Step(int kind, int a, int b, int c) {
    }

    private record Entry(String path, boolean directory, boolean cloexec) {
    }

    private static final class Proc {
        final long pid;
        final List<Long> process;
        String cwd;
        final TreeMap<Long, Entry> fds;
        /** The fd the last successful open returned. */
        long lastFd = -1;

        Proc(long pid, long startTime, String cwd, TreeMap<Long, Entry> fds) {
            this.pid = pid;
            this.process = List.of(pid, startTime);
            this.cwd = cwd;
            this.fds = fds;
        }

        long lowestFree() {
            long fd = 3;
            while (fds.containsKey(fd)) {
                fd++;
            }
            return fd;
        }
    }

    private final List<String> paths;
    private final List<String> names;
    private final List<Printed> out = new ArrayList<>();
    private final Map<Long, Proc> procs = new LinkedHashMap<>();
    private final long tick;
    private long ts = 1_000_000;

    /**
     * @param paths the paths an open or chdir may name (absolute, odd, relative)
     * @param names the program names a process may run
     * @param tickNanos the time between two calls
     */
    SyscallWorld(List<String> paths, List<String> names, long tickNanos) {
        this.paths = List.copyOf(paths);
        this.names = List.copyOf(names);
        this.tick = tickNanos;
    }

    /** The lines of a whole stream: process 100 starts {@code names[first]} in /etc (in a container if asked), then the steps. */
    static List<Printed> stream(List<String> paths, List<String> names, int first, boolean container, List<Step> steps) {
        return stream(paths, names, first, container, steps, 1);
    }

    /** As above, with {@code tickNanos} between two calls. */
    static List<Printed> stream(List<String> paths, List<String> names, int first, boolean container, List<Step> steps,
                                long tickNanos) {
        SyscallWorld w = new SyscallWorld(paths, names, tickNanos);
        Proc p = new Proc(100, 0, "/", new TreeMap<>());
        w.procs.put(p.pid, p);
        if (container) {
            w.emit(Kind.OTHER, p, null, 0, 0, false, -1, List.of("G|" + CONTAINER_CGROUP + "|0|" + CONTAINER_ID,
                    "G|" + CONTAINER_CGROUP + "|1|docker", "G|" + CONTAINER_CGROUP + "|2|"));
        }
        w.exec(p, 1, first, container);
        w.chdir(p, "/etc");
        for (Step s : steps) {
            w.step(s, container);
        }
        return w.out;
    }

    private void step(Step s, boolean container) {
        List<Proc> live = new ArrayList<>(procs.values());
        Proc p = live.get(Math.floorMod(s.a(), live.size()));
        int k = Math.floorMod(s.kind(), 100);
        if (k < 40) {
            open(p, s);
        } else if (k < 58) {
            close(p, s);
        } else if (k < 66) {
            dup(p, s);
        } else if (k < 71) {
            fchmod(p, s);
        } else if (k < 75) {
            socketOrMemfd(p, s);
        } else if (k < 80) {
            chdir(p, path(s.b()));
        } else if (k < 88) {
            forkOrExit(p, s, container);
        } else if (k < 92) {
            exec(p, p.pid == 100 ? 1 : 100, s.b(), container);
        } else if (k < 96) {
            fexecve(p, s, container);
        } else {
            open(p, s);
        }
    }

    private String path(int choice) {
        return paths.get(Math.floorMod(choice, paths.size()));
    }

    private void open(Proc p, Step s) {
        String[] calls = {"open", "openat", "openat2", "creat"};
        String call = calls[Math.floorMod(s.a(), 4)];
        String raw = path(s.b());
        int c = Math.abs(s.c());
        int flags = c & 3;
        int bits = c >> 2;
        if ((bits & 1) != 0) {
            flags |= O_CREAT;
        }
        if ((bits & 2) != 0) {
            flags |= O_TRUNC;
        }
        if ((bits & 0x1c) == 0x1c) {
            flags |= O_DIRECTORY;
        }
        if ((bits & 0x20) != 0) {
            flags |= O_CLOEXEC;
        }
        if (call.equals("creat")) {
            // creat(path, mode) is open(path, O_CREAT | O_WRONLY | O_TRUNC, mode): no other flag, so
            // never O_CLOEXEC (a creat's fd stays open across an exec) and never O_DIRECTORY
            flags = 1 | O_CREAT | O_TRUNC;
        }
        boolean succeeds = ((bits >> 6) & 3) != 0;
        long dirfd = AT_FDCWD;
        boolean at = call.startsWith("openat");
        if (at && ((bits >> 8) & 3) == 1) {
            dirfd = p.fds.entrySet().stream().filter(e -> e.getValue().directory()).map(Map.Entry::getKey)
                    .findFirst().orElse(AT_FDCWD);
        } else if (at && ((bits >> 8) & 3) == 2) {
            // a number that names no open fd
            dirfd = 40 + (bits >> 10) % 5;
        }
        // Only a directory or nothing is used as dirfd: a relative openat against a file fails with
        // ENOTDIR in the kernel and is not part of the law (see OpenFilterAlertsProperties).
        String base = dirfd == AT_FDCWD ? p.cwd : p.fds.containsKey(dirfd) ? p.fds.get(dirfd).path() : null;
        String resolved = absolute(base, raw);
        boolean directory = resolved != null && DIRECTORIES.contains(resolved);
        int mode = call.equals("creat") ? 1 : flags & 3;
        long ret;
        if (resolved == null) {
            ret = EBADF;
        } else if (!succeeds) {
            ret = (bits & 0x400) != 0 ? EACCES : ENOENT;
        } else if ((flags & O_DIRECTORY) != 0 && !directory) {
            ret = ENOTDIR;
        } else if (directory && (mode == 1 || mode == 2)) {
            ret = EISDIR;
        } else {
            ret = p.lowestFree();
            p.fds.put(ret, new Entry(resolved, directory, (flags & O_CLOEXEC) != 0));
            p.lastFd = ret;
        }
        SyscallProbe probe = SyscallProbes.BY_SYSCALL.get(call);
        String numbers = switch (call) {
            case "open" -> flags + "|420";
            case "creat" -> "420";
            default -> dirfd + "|" + flags + "|420";
        };
        emit(Kind.OPEN, p, raw, call.equals("creat") ? 1 : flags, ret, ret >= 0 && directory, -1,
                List.of(call(probe, p, ret, numbers + "|" + raw)));
    }

    private long someFd(Proc p, int choice) {
        if (p.fds.isEmpty() || Math.floorMod(choice, 6) == 0) {
            return 40 + Math.floorMod(choice, 5);
        }
        if (Math.floorMod(choice, 6) < 3 && p.fds.containsKey(p.lastFd)) {
            return p.lastFd;
        }
        List<Long> open = new ArrayList<>(p.fds.keySet());
        return open.get(Math.floorMod(choice / 6, open.size()));
    }

    private void close(Proc p, Step s) {
        long fd = someFd(p, s.b());
        long ret = p.fds.remove(fd) != null ? 0 : EBADF;
        emit(Kind.CLOSE, p, null, 0, ret, false, fd, List.of(call(SyscallProbes.BY_SYSCALL.get("close"), p, ret, "" + fd)));
    }

    private void dup(Proc p, Step s) {
        long old = someFd(p, s.b());
        Entry e = p.fds.get(old);
        int which = Math.floorMod(s.c(), 3);
        long target = which == 0 ? p.lowestFree() : someFd(p, s.c() / 3);
        long ret = e == null ? EBADF : target;
        if (e != null && target != old) {
            p.fds.put(target, new Entry(e.path(), e.directory(), which == 2 && (s.c() & 8) != 0));
        }
        String numbers = switch (which) {
            case 0 -> "" + old;
            case 1 -> old + "|" + target;
            default -> old + "|" + target + "|" + ((s.c() & 8) != 0 ? O_CLOEXEC : 0);
        };
        String call = which == 0 ? "dup" : which == 1 ? "dup2" : "dup3";
        emit(Kind.RETURNS_FD, p, null, 0, ret, false, -1, List.of(call(SyscallProbes.BY_SYSCALL.get(call), p, ret, numbers)));
    }

    private void fchmod(Proc p, Step s) {
        long fd = someFd(p, s.b());
        long ret = p.fds.containsKey(fd) ? 0 : EBADF;
        int mode = (s.c() & 1) != 0 ? 04755 : 0644;
        emit(Kind.OTHER, p, null, 0, ret, false, -1,
                List.of(call(SyscallProbes.BY_SYSCALL.get("fchmod"), p, ret, fd + "|" + mode)));
    }

    private void socketOrMemfd(Proc p, Step s) {
        long ret = p.lowestFree();
        p.fds.put(ret, new Entry("", false, false));
        String line = (s.c() & 1) == 0 ? call(SyscallProbes.BY_SYSCALL.get("socket"), p, ret, "2|1|0")
                : call(SyscallProbes.BY_SYSCALL.get("memfd_create"), p, ret, "0|buffer");
        emit(Kind.RETURNS_FD, p, null, 0, ret, false, -1, List.of(line));
    }

    private void chdir(Proc p, String path) {
        String resolved = absolute(p.cwd, path);
        long ret = resolved == null ? ENOENT : DIRECTORIES.contains(resolved) ? 0 : ENOTDIR;
        if (ret == 0) {
            p.cwd = resolved;
        }
        emit(Kind.OTHER, p, null, 0, ret, false, -1, List.of(call(SyscallProbes.BY_SYSCALL.get("chdir"), p, ret, path)));
    }

    /** Forks process 100 into 200 (again, after 200 ended: the pid is reused), or ends 200. */
    private void forkOrExit(Proc p, Step s, boolean container) {
        Proc child = procs.get(200L);
        if (child != null) {
            ts += tick;
            procs.remove(200L);
            emit(Kind.OTHER, child, null, 0, 0, false, -1, List.of("X|" + ts + "|200|200|0|1"));
            return;
        }
        Proc parent = procs.get(100L);
        Proc c = new Proc(200, ts, parent.cwd, new TreeMap<>(parent.fds));
        procs.put(c.pid, c);
        ts += tick;
        emit(Kind.OTHER, parent, null, 0, 200, false, -1, List.of("B|1|" + ts + "|100|100|200|17|1|1"));
        if ((s.c() & 1) != 0) {
            exec(c, 100, s.b(), container);
        }
    }

    private void exec(Proc p, long ppid, int nameChoice, boolean container) {
        execFile(p, ppid, names.get(Math.floorMod(nameChoice, names.size())), container, 1, null);
    }

    /**
     * execveat(fd, "", AT_EMPTY_PATH) on an fd (often the last opened one): it fails with EACCES
     * (printed with its dirfd) or runs the program, which the kernel names /dev/fd/N.
     */
    private void fexecve(Proc p, Step s, boolean container) {
        long fd = someFd(p, s.b());
        if ((s.c() & 1) == 0 || !p.fds.containsKey(fd)) {
            ts += tick;
            long ret = p.fds.containsKey(fd) ? EACCES : EBADF;
            emit(Kind.OTHER, p, null, 0, ret, false, -1, List.of("Y|" + ts + "|" + p.pid + "|" + p.pid + "|" + ret + "|2|" + fd + "|"));
            return;
        }
        execFile(p, p.pid == 100 ? 1 : 100, names.get(Math.floorMod(s.c() >> 1, names.size())), container, 2, "/dev/fd/" + fd);
    }

    private void execFile(Proc p, long ppid, String name, boolean container, int call, String file) {
        p.fds.values().removeIf(Entry::cloexec);
        ts += tick;
        long cgroup = container ? CONTAINER_CGROUP : HOST_CGROUP;
        int argBytes = name.getBytes(StandardCharsets.UTF_8).length + 1;
        emit(Kind.OTHER, p, null, 0, 0, false, -1, List.of(
                "E|" + ts + "|" + p.pid + "|" + p.pid + "|" + ppid + "|0|0|0|4294967295|0|" + argBytes + "|" + cgroup + "|0|0|0|0|0|" + name,
                "F|" + ts + "|" + p.pid + "|" + call + "|0|0|0|0|" + (file == null ? "/usr/bin/" + name : file),
                "A|" + p.pid + "|0|" + name + "\\x00"));
    }

    private String call(SyscallProbe probe, Proc p, long ret, String rest) {
        ts += tick;
        return "S|" + probe.index() + "|" + ts + "|" + p.pid + "|" + p.pid + "|" + ret + "|" + rest;
    }

    private void emit(Kind kind, Proc p, String raw, int flags, long ret, boolean directory, long fd, List<String> lines) {
        out.add(new Printed(kind, p.process, raw, flags, ret, directory, fd, lines));
    }

    /** Every line of a stream. */
    static List<String> allLines(List<Printed> stream) {
        List<String> lines = new ArrayList<>();
        stream.forEach(p -> lines.addAll(p.lines()));
        return lines;
    }

    /** How many opens the kernel program leaves in the kernel in a stream. */
    static long opensLeft(List<Printed> stream, OpenPathFilter filter) {
        return opens(stream) - opens(leftInKernel(stream, filter));
    }

    private static long opens(List<Printed> stream) {
        return stream.stream().filter(p -> p.kind() == Kind.OPEN).count();
    }

    /** How many closes a stream has. */
    static long closes(List<Printed> stream) {
        return stream.stream().filter(p -> p.kind() == Kind.CLOSE).count();
    }

    /** A path made absolute against {@code dir} with its dot segments and repeated slashes removed; null if unknown. */
    static String absolute(String dir, String path) {
        String joined = path.startsWith("/") ? path : dir == null ? null : dir + "/" + path;
        if (joined == null) {
            return null;
        }
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * The calls the kernel program prints when its open filter is {@code filter}: an open the filter
     * skips (unless it returned a directory) stays in the kernel, and its fd is remembered per process
     * (pid and start time) until a close of that fd (also left out) or a printed call returning the same fd number.
     */
    static List<Printed> leftInKernel(List<Printed> stream, OpenPathFilter filter) {
        Set<List<Object>> quiet = new HashSet<>();
        List<Printed> printed = new ArrayList<>();
        for (Printed p : stream) {
            switch (p.kind()) {
                case OPEN -> {
                    if (!filter.passes(p.raw(), p.flags()) && !p.directory()) {
                        if (p.ret() >= 0) {
                            quiet.add(List.of(p.process(), p.ret()));
                        }
                        continue;
                    }
                    quiet.remove(List.of(p.process(), p.ret()));
                }
                case CLOSE -> {
                    if (quiet.remove(List.of(p.process(), p.fd()))) {
                        continue;
                    }
                }
                case RETURNS_FD -> quiet.remove(List.of(p.process(), p.ret()));
                default -> {
                }
            }
            printed.add(p);
        }
        return printed;
    }
}
