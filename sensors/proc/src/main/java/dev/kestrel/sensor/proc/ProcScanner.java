package dev.kestrel.sensor.proc;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;

/**
 * Reads the processes under a {@code /proc} tree into {@link ProcEntry}s. The root is a
 * parameter so tests can point it at a fake tree. Processes that vanish while being read are
 * skipped and counted; unreadable details (a kernel thread's {@code exe}, another user's
 * {@code cwd}) become empty values, never errors. Every file is read up to a number of bytes: a
 * command line up to {@code maxArgBytes} (the rest marked and counted, {@link #cutCommandLines()}),
 * the others up to bounds far above what the kernel writes in them ({@link #cutFiles()}).
 */
public final class ProcScanner {

    /** Clock ticks per second of {@code stat}'s start time; 100 on every mainstream Linux build. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Bytes of a command line read when no other number is given: 4 KiB, as the eBPF sensor reads a new program's. */
    public static final int DEFAULT_MAX_ARG_BYTES = 4096;

    /** {@code stat}: the pid, a short name and some 50 numbers; under 1 KiB as the kernel writes it. */
    static final int STAT_BYTES = 4096;
    /**
     * {@code status}: its {@code Uid:} and {@code Gid:} lines come in its first few hundred bytes; the
     * {@code NS*} and {@code Cap*} lines follow a {@code Groups:} line, long only for thousands of groups.
     */
    static final int STATUS_BYTES = 16 * 1024;
    /** {@code cgroup}: one line per hierarchy (about 13 with cgroup v1), each a path of at most 4 KiB. */
    static final int CGROUP_BYTES = 64 * 1024;
    /** {@code loginuid}: one number. */
    static final int LOGINUID_BYTES = 32;
    /** The host's {@code stat}: a line per CPU and the interrupt counts come before {@code btime}. */
    static final int HOST_STAT_BYTES = 1 << 20;

    private static final String DELETED = " (deleted)";

    private final Path root;
    private final int maxArgBytes;
    private final LongAdder vanished = new LongAdder();
    private final LongAdder cutCommandLines = new LongAdder();
    private final LongAdder cutFiles = new LongAdder();

    /** A scanner of the real {@code /proc}, reading {@link #DEFAULT_MAX_ARG_BYTES} of each command line. */
    public static ProcScanner system() {
        return new ProcScanner(Path.of("/proc"));
    }

    /** A scanner of the tree under {@code root}, reading {@link #DEFAULT_MAX_ARG_BYTES} of each command line. */
    public ProcScanner(Path root) {
        this(root, DEFAULT_MAX_ARG_BYTES);
    }

    /** A scanner of the tree under {@code root}, reading at most {@code maxArgBytes} (at least 1) of each command line. */
    public ProcScanner(Path root, int maxArgBytes) {
        if (maxArgBytes < 1) {
            throw new IllegalArgumentException("maxArgBytes must be at least 1, not " + maxArgBytes);
        }
        this.root = root;
        this.maxArgBytes = maxArgBytes;
    }

    /** Every process readable now, in pid order. */
    public List<ProcEntry> scan() {
        return scan(pid -> true);
    }

    /** The processes readable now whose pid {@code include} accepts (the others are not read), in pid order. */
    public List<ProcEntry> scan(LongPredicate include) {
        long bootNanos = bootTimeNanos();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                long pid = number(d.getFileName().toString());
                if (pid > 0 && include.test(pid)) {
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

    /**
     * When process {@code pid} started, in nanoseconds of the kernel's monotonic clock (the one BPF programs and
     * {@link System#nanoTime()} read): its start ticks since boot, less the time the machine spent suspended
     * ({@code uptime} counts it, the monotonic clock does not); -1 when the process or {@code uptime} cannot be read.
     */
    public long startMonotonicNanos(long pid) {
        String stat = readText(root.resolve(Long.toString(pid)).resolve("stat"), STAT_BYTES);
        // the monotonic clock first: a delay before uptime is read can only make the start look earlier
        long now = System.nanoTime();
        String uptime = readText(root.resolve("uptime"), 256);
        int close = stat == null ? -1 : stat.lastIndexOf(')');
        int space = uptime == null ? -1 : uptime.indexOf(' ');
        if (close < 0 || space <= 0) {
            return -1;
        }
        long ticks = field(stat.substring(close + 1).trim().split(" +"), 22);
        long upNanos;
        try {
            upNanos = new java.math.BigDecimal(uptime.substring(0, space)).movePointRight(9).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
        long suspended = Math.max(0, upNanos - now);
        return ticks < 0 ? -1 : ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND) - suspended;
    }

    /** Processes that disappeared between listing and reading. */
    public long vanished() {
        return vanished.sum();
    }

    /** The most bytes of a command line read; a longer one is cut there and marked ({@link ProcEntry#argsTruncated()}). */
    public int maxArgBytes() {
        return maxArgBytes;
    }

    /** Processes read whose command line was longer than {@link #maxArgBytes()} (each read counts once). */
    public long cutCommandLines() {
        return cutCommandLines.sum();
    }

    /**
     * Files other than command lines longer than their bound, where something used lay past it (a
     * {@code stat} field, a cgroup line, {@code status}'s ids, capabilities or namespace pids, the boot
     * time): that detail is unknown.
     */
    public long cutFiles() {
        return cutFiles.sum();
    }

    private ProcEntry read(long pid, long bootNanos) {
        Path dir = root.resolve(Long.toString(pid));
        String stat = readText(dir.resolve("stat"), STAT_BYTES);
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

        FileHead statusHead = FileHead.read(dir.resolve("status"), STATUS_BYTES);
        ProcStatus status = statusHead == null ? ProcStatus.UNKNOWN : ProcStatus.parse(statusHead.wholeLines());
        if (statusHead != null && statusHead.cut() && (status.euid() < 0 || status.egid() < 0
                || status.capEffective() == -1 || status.vpid() < 0)) {
            cutFiles.increment();
        }
        String exe = link(dir.resolve("exe"));
        boolean deleted = exe.endsWith(DELETED);
        if (deleted) {
            exe = exe.substring(0, exe.length() - DELETED.length());
        }
        FileHead cmdline = FileHead.read(dir.resolve("cmdline"), maxArgBytes);
        boolean argsTruncated = cmdline != null && cmdline.cut();
        if (argsTruncated) {
            cutCommandLines.increment();
        }
        List<String> args = cmdline == null ? List.of() : args(cmdline.text());
        FileHead cgroupFile = FileHead.read(dir.resolve("cgroup"), CGROUP_BYTES);
        List<String> cgroups = List.of();
        if (cgroupFile != null) {
            cgroups = cgroupFile.nonEmptyLines();
            if (cgroupFile.cut()) {
                cutFiles.increment();
            }
        }
        String loginText = readText(dir.resolve("loginuid"), LOGINUID_BYTES);
        long loginUid = loginText == null ? -1 : number(loginText.trim());
        if (loginUid == 4294967295L) {
            loginUid = -1;
        }
        return new ProcEntry(pid, ppid, comm, exe, args, link(dir.resolve("cwd")), tty, sid, pgid,
                status, loginUid, cgroups, CgroupContainerId.fromCgroupFile(cgroups),
                start, tids(dir, pid), deleted, argsTruncated);
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
        } catch (IOException | DirectoryIteratorException e) {
            // gone while listed (the kernel ends the listing with ENOENT): its own id is what is known
            return List.of(pid);
        }
        if (tids.isEmpty()) {
            tids.add(pid);
        }
        tids.sort(null);
        return tids;
    }

    /** The NUL-separated arguments of {@code cmdline}; a cut one keeps its last argument in part, as a live exec does. */
    private static List<String> args(String cmdline) {
        List<String> args = new ArrayList<>();
        if (!cmdline.isEmpty()) {
            for (String a : cmdline.split("\0", -1)) {
                args.add(a);
            }
            if (args.get(args.size() - 1).isEmpty()) {
                args.remove(args.size() - 1);
            }
        }
        return args;
    }

    /** Boot time in epoch nanoseconds from the {@code btime} line of {@code stat}, or 0. */
    private long bootTimeNanos() {
        FileHead stat = FileHead.read(root.resolve("stat"), HOST_STAT_BYTES);
        if (stat != null) {
            for (String line : stat.wholeLines().split("\n")) {
                if (line.startsWith("btime ")) {
                    long s = number(line.substring(6).trim());
                    return s > 0 ? s * 1_000_000_000L : 0;
                }
            }
            if (stat.cut()) {
                cutFiles.increment();
            }
        }
        return 0;
    }

    /** Field {@code n} of proc(5)'s stat numbering (n >= 3) from the fields after the name. */
    private static long field(String[] after, int n) {
        int i = n - 3;
        return i < after.length ? number(after[i]) : -1;
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** The text of {@code file} up to {@code maxBytes} (a longer one counted in {@link #cutFiles}), or null when unreadable. */
    private String readText(Path file, int maxBytes) {
        FileHead head = FileHead.read(file, maxBytes);
        if (head == null) {
            return null;
        }
        if (head.cut()) {
            cutFiles.increment();
        }
        return head.text();
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
