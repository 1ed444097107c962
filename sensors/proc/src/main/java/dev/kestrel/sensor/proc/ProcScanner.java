package dev.kestrel.sensor.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the processes under a {@code /proc} tree into {@link ProcEntry}s. The root is a
 * parameter so tests can point it at a fake tree. Processes that vanish while being read are
 * skipped and counted; unreadable details (a kernel thread's {@code exe}, another user's
 * {@code cwd}) become empty values, never errors.
 */
public final class ProcScanner {

    /** Clock ticks per second of {@code stat}'s start time; 100 on every mainstream Linux build. */
    static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final String DELETED = " (deleted)";

    private final Path root;
    private final LongAdder vanished = new LongAdder();

    /** A scanner of the real {@code /proc}. */
    public static ProcScanner system() {
        return new ProcScanner(Path.of("/proc"));
    }

    public ProcScanner(Path root) {
        this.root = root;
    }

    /** Every process readable now, in pid order. */
    public List<ProcEntry> scan() {
        long bootNanos = bootTimeNanos();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                long pid = number(d.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        pids.sort(null);
        List<ProcEntry> out = new ArrayList<>(pids.size());
        for (long pid : pids) {
            ProcEntry s = read(pid, bootNanos);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** One process, or null when it is gone (counted in {@link #vanished()}). */
    public ProcEntry read(long pid) {
        return read(pid, bootTimeNanos());
    }

    /** Processes that disappeared between listing and reading. */
    public long vanished() {
        return vanished.sum();
    }

    private ProcEntry read(long pid, long bootNanos) {
        Path dir = root.resolve(Long.toString(pid));
        String stat = readString(dir.resolve("stat"));
        if (stat == null) {
            vanished.increment();
            return null;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            vanished.increment();
            return null;
        }
        String comm = stat.substring(open + 1, close);
        // Fields after the command name, numbered as in proc(5) from field 3 (state).
        String[] f = stat.substring(close + 1).trim().split(" +");
        long ppid = field(f, 4);
        long pgid = field(f, 5);
        long sid = field(f, 6);
        long tty = field(f, 7);
        long startTicks = field(f, 22);
        long start = bootNanos > 0 && startTicks >= 0
                ? bootNanos + startTicks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND) : 0;

        long[] uids = {-1, -1};
        long[] gids = {-1, -1};
        String status = readString(dir.resolve("status"));
        if (status != null) {
            for (String line : status.split("\n")) {
                if (line.startsWith("Uid:")) {
                    uids = ids(line);
                } else if (line.startsWith("Gid:")) {
                    gids = ids(line);
                }
            }
        }
        String exe = link(dir.resolve("exe"));
        boolean deleted = exe.endsWith(DELETED);
        if (deleted) {
            exe = exe.substring(0, exe.length() - DELETED.length());
        }
        String cmdline = readString(dir.resolve("cmdline"));
        List<String> args = new ArrayList<>();
        if (cmdline != null && !cmdline.isEmpty()) {
            for (String a : cmdline.split("\0", -1)) {
                args.add(a);
            }
            if (args.get(args.size() - 1).isEmpty()) {
                args.remove(args.size() - 1);
            }
        }
        String cgroupText = readString(dir.resolve("cgroup"));
        List<String> cgroups = cgroupText == null ? List.of() : cgroupText.lines().filter(l -> !l.isEmpty()).toList();
        String loginText = readString(dir.resolve("loginuid"));
        long loginUid = loginText == null ? -1 : number(loginText.trim());
        if (loginUid == 4294967295L) {
            loginUid = -1;
        }
        return new ProcEntry(pid, ppid, comm, exe, args, link(dir.resolve("cwd")), tty, sid, pgid,
                uids[0], uids[1], gids[0], gids[1], loginUid, cgroups, CgroupContainerId.fromCgroupFile(cgroups),
                start, tids(dir, pid), deleted);
    }

    private List<Long> tids(Path dir, long pid) {
        List<Long> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path t : tasks) {
                long tid = number(t.getFileName().toString());
                if (tid > 0) {
                    tids.add(tid);
                }
            }
        } catch (IOException e) {
            return List.of(pid);
        }
        if (tids.isEmpty()) {
            tids.add(pid);
        }
        tids.sort(null);
        return tids;
    }

    /** Boot time in epoch nanoseconds from the {@code btime} line of {@code stat}, or 0. */
    private long bootTimeNanos() {
        String stat = readString(root.resolve("stat"));
        if (stat != null) {
            for (String line : stat.split("\n")) {
                if (line.startsWith("btime ")) {
                    long s = number(line.substring(6).trim());
                    return s > 0 ? s * 1_000_000_000L : 0;
                }
            }
        }
        return 0;
    }

    /** Field {@code n} of proc(5)'s stat numbering (n >= 3) from the fields after the name. */
    private static long field(String[] after, int n) {
        int i = n - 3;
        return i < after.length ? number(after[i]) : -1;
    }

    private static long[] ids(String line) {
        String[] parts = line.substring(4).trim().split("\\s+");
        return new long[] {parts.length > 0 ? number(parts[0]) : -1, parts.length > 1 ? number(parts[1]) : -1};
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    private static String readString(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The decimal number {@code s}, or -1 when it is not one. */
    static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
