package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.OpenPathFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the bpftrace code that leaves in the kernel the file opens no loaded rule can match
 * ({@link OpenPathFilter}), and the closes of the fds they returned. Printing a record costs several
 * microseconds inside the traced call; deciding here costs a few map operations. Immutable.
 *
 * <p>At an open's entry, a first program flags a path the filter cannot judge ({@code //}, {@code ./},
 * {@value OpenPathFilter#MAX_PLAIN_BYTES} bytes or more); the saving program then parks the arguments
 * of a plain path no prefix keeps in {@code @k_<call>} instead of the call's usual map. At the exit a
 * program runs first: a parked open that returned a directory is put back to be printed (its fd names
 * later relative paths); any other is counted in {@code @kskip} and its fd remembered in
 * {@code @quiet[pid, start time, fd]}, whose close is then not printed either. A printed call that returns an fd
 * forgets it there. {@code K|cpu|count} lines report the count, every second and at the end.
 *
 * <p>Where the arguments are read from the saved registers ({@link SyscallRegisters}), the same checks
 * and decision run at the exit, in the two programs before the printing one, and nothing is parked.
 */
final class KernelOpenFilter {

    /**
     * The process whose fd table a quiet fd is in: its pid and start time, since a process that ends
     * leaves its entries behind and a later process with the same pid may hold other files on those fds.
     */
    private static final String START_TIME = "curtask->group_leader->start_time";
    private static final String PROCESS = "pid, " + START_TIME;

    private final OpenPathFilter filter;
    private final int cpus;

    /** @param cpus how many CPUs the kernel may run programs on (the per-CPU counters printed) */
    KernelOpenFilter(OpenPathFilter filter, int cpus) {
        this.filter = filter == null ? OpenPathFilter.everything() : filter;
        this.cpus = Math.max(1, cpus);
    }

    /** Whether any open can be left in the kernel. */
    boolean active() {
        return !filter.keepsEverything();
    }

    /**
     * The entry programs of an open call: the checks of odd paths, then the one saving its arguments
     * ({@code tuple}) in {@code map} or, when no prefix keeps the path, in the parking map.
     *
     * @param flags the bpftrace expression of the open flags, or null for creat (always write-only)
     */
    String openEntry(String call, String self, String path, String flags, String map, String tuple) {
        StringBuilder b = new StringBuilder();
        String head = "tracepoint:syscalls:sys_enter_" + call + " " + self;
        b.append(head).append("{ if (").append(odd(path)).append(") { @odd[tid] = 1; } }\n");
        b.append(head).append("{\n")
                .append("  $p = str(").append(path).append("); $m = ").append(mode(flags)).append(";\n")
                .append("  if (").append(skippable()).append(") {\n")
                .append("    ").append(parking(call)).append("[tid] = ").append(tuple).append(";\n")
                .append("  } else {\n")
                .append("    delete(@odd[tid]); ").append(map).append("[tid] = ").append(tuple).append(";\n")
                .append("  }\n")
                .append("}\n");
        return b.toString();
    }

    /**
     * The exit programs of an open whose arguments are read from the saved registers
     * ({@link SyscallRegisters}; {@code path} and {@code flags} are expressions on them): the checks of
     * odd paths, then the decision. An open to be printed is flagged in {@code map[tid]} for the
     * printing program that runs after them.
     */
    String openAtExit(String call, String self, SyscallRegisters registers, String path, String flags, String map) {
        String head = "tracepoint:syscalls:sys_exit_" + call + " " + self;
        String locate = registers.locate(call);
        return head + "{ " + locate + " if ($ok) { if (" + odd(path) + ") { @odd[tid] = 1; } } }\n"
                + head + "{\n"
                + registers.guarded(call, "    $r = args->ret; $p = str(" + path + "); $m = " + mode(flags) + ";\n"
                        + "    if (" + skippable() + ") {\n"
                        + "      " + skipUnlessDirectory(map + "[tid] = 1;") + "\n"
                        + "    } else {\n"
                        + "      delete(@odd[tid]); " + map + "[tid] = 1;\n"
                        + "    }\n")
                + "}\n";
    }

    /**
     * The exit program that runs before the printing one: decides about a parked open.
     *
     * @param pathIndex the tuple element holding the path pointer (non-zero when an entry exists)
     */
    String openExit(String call, String self, String map, int pathIndex) {
        String parked = parking(call);
        return "tracepoint:syscalls:sys_exit_" + call + " " + self + "{\n"
                + "  $k = " + parked + "[tid];\n"
                + "  if ($k." + pathIndex + " != 0) {\n"
                + "    delete(" + parked + "[tid]); $r = args->ret;\n"
                + "    " + skipUnlessDirectory(map + "[tid] = $k;") + "\n"
                + "  }\n"
                + "}\n";
    }

    /** The body of close's entry program: {@code save} (or print), unless the fd came from a skipped open. */
    String closeEntry(String save) {
        // The start time is read once: each read of it is two loads from kernel memory.
        return "$st = " + START_TIME + "; if (@quiet[pid, $st, args->fd]) { delete(@quiet[pid, $st, args->fd]); } else { "
                + save + " }";
    }

    /** A statement for a printed call that returned fd {@code $r}: it is no longer a skipped open's. */
    String forgetFd() {
        return active() ? "if ($r >= 0) { delete(@quiet[" + PROCESS + ", $r]); } " : "";
    }

    /** A statement for a printed call that succeeded ({@code $r} 0) and made the fds {@code fds}: they are no skipped open's. */
    String forgetFds(List<String> fds) {
        if (!active()) {
            return "";
        }
        StringBuilder b = new StringBuilder("if ($r == 0) { ");
        fds.forEach(fd -> b.append("delete(@quiet[").append(PROCESS).append(", ").append(fd).append("]); "));
        return b.append("} ").toString();
    }

    /** How many CPUs the per-CPU counters cover. */
    int cpus() {
        return cpus;
    }

    /** The program printing the skip counters every second. */
    String counters() {
        return CpuCounter.everySecond("@kskip", 'K', cpus);
    }

    /** Statements printing the skip counters (also run by the END program, for their last values). */
    String finalCounters() {
        return CpuCounter.printStatements("@kskip", 'K', cpus);
    }

    /** Maps keyed by thread that hold an open between its entry and its exit (cleared at the end). */
    List<String> threadMaps(List<String> openCalls) {
        List<String> maps = new ArrayList<>(List.of("@odd"));
        openCalls.forEach(c -> maps.add(parking(c)));
        return maps;
    }

    /** Maps to clear at the end, so bpftrace does not print them. */
    static List<String> endMaps() {
        return List.of("@quiet", "@kskip");
    }

    private static String parking(String call) {
        return "@k_" + call;
    }

    /**
     * Whether the path at {@code path} is one the filter cannot judge: {@code //} or {@code ./} in it, or
     * {@value OpenPathFilter#MAX_PLAIN_BYTES} bytes or more. Strings read with a length are that long on
     * the 512-byte BPF stack: the three checks fit in one program when they read MAX_PLAIN_BYTES; a longer
     * path fails the third one anyway.
     */
    private static String odd(String path) {
        String plain = "str(" + path + ", " + OpenPathFilter.MAX_PLAIN_BYTES + ")";
        return "strcontains(" + plain + ", \"//\") || strcontains(" + plain + ", \"./\") || " + plain + " != str(" + path + ")";
    }

    /** The open's access mode (0 read, 1 write, 2 both) from its flags; creat ({@code flags} null) writes. */
    private static String mode(String flags) {
        return flags == null ? "1" : "(" + flags + ") & 3";
    }

    /** Whether the open of {@code $p} in mode {@code $m} may stay in the kernel (its path is not odd). */
    private String skippable() {
        return "@odd[tid] == 0 && strncmp($p, \"/\", 1) == 0 && !(" + keeps() + ")";
    }

    /**
     * Statements for a skippable open that returned {@code $r}: a directory (its fd names later relative
     * paths) runs {@code keep}; anything else is counted and its fd remembered, so its close stays quiet.
     */
    private static String skipUnlessDirectory(String keep) {
        return "$dir = 0; if ($r >= 0) { $file = *(curtask->files->fdt->fd + $r); $dir = ($file->f_inode->i_mode & 0xf000) == 0x4000; }"
                + " if ($dir == 0) { if ($r >= 0) { @quiet[" + PROCESS + ", $r] = 1; } @kskip[cpu]++; } else { " + keep + " }";
    }

    /** The bpftrace condition (on {@code $p}, {@code $m}) that keeps an open of a plain path. */
    private String keeps() {
        List<String> byMode = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            List<String> prefixes = filter.prefixes(m);
            if (prefixes != null && prefixes.isEmpty()) {
                continue;
            }
            StringBuilder b = new StringBuilder("$m == ").append(m);
            // A prefix bpftrace cannot spell as a plain literal keeps every path of the mode.
            if (prefixes != null && prefixes.stream().allMatch(KernelOpenFilter::literal)) {
                b.append(" && (");
                for (int i = 0; i < prefixes.size(); i++) {
                    String p = prefixes.get(i);
                    b.append(i == 0 ? "" : " || ").append("strncmp($p, \"").append(p).append("\", ")
                            .append(p.getBytes(StandardCharsets.UTF_8).length).append(") == 0");
                }
                b.append(')');
            }
            byMode.add("(" + b + ")");
        }
        byMode.add("$m == 3");
        return String.join(" || ", byMode);
    }

    private static boolean literal(String prefix) {
        return prefix.length() < OpenPathFilter.MAX_PLAIN_BYTES && prefix.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
    }
}
