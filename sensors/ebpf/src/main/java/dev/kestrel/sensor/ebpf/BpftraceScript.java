package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Writes the bpftrace program the sensor runs. Every line it prints is the run's secret token, then
 * one record of the form {@code CODE|field|...} (read by {@link BpftraceOutput}, then {@link RecordAssembler});
 * a string (always a line's last field) that contains a newline continues on a line without the token:
 * <ul>
 * <li>{@code T|ts}: a heartbeat every 100 ms (kernel time), which lets the reader release records in order,
 *     followed by {@code Z|} and padding that pushes bpftrace's buffered output out;</li>
 * <li>{@code E|ts|tid|pid|ppid|uid|euid|gid|loginuid|tty|arglen|cgroup|comm} after a successful exec (queued,
 *     see below), with {@code F|ts|tid|call|filename} ({@code call} 2 for execveat, else execve), then
 *     {@code A|tid|offset|bytes} chunks of the argument area (without the time: a line must fit in the BPF
 *     stack; they follow their {@code F} line, printed by the same CPU just before);</li>
 * <li>{@code Y|ts|tid|pid|ret|call|dirfd|filename}: an execve ({@code call} 1) or execveat (2) that failed;</li>
 * <li>{@code G|cgroup|level|name}: the names of a cgroup and its ancestors, printed once per cgroup;</li>
 * <li>{@code B|call|ts|tid|pid|child|flags|grandparent|traced}: a clone ({@code call} 1), clone3 (2), fork (3) or
 *     vfork (4) made a thread or process {@code child}, seen by {@code sched_process_fork} in the parent before the
 *     child can run; {@code grandparent} is the parent's parent (the child's parent under CLONE_PARENT), and
 *     {@code traced} is 0 when the parent is the untraced process (only the child is reported then);</li>
 * <li>{@code C|type|ts|tid|pid|ret|flags|ptid}: a clone, fork or vfork that failed (ret &lt; 0);</li>
 * <li>{@code X|ts|tid|pid|exitcode}: a thread exits;</li>
 * <li>{@code S|probe|ts|tid|pid|ret|numbers...|string} and {@code P|ts|tid|string}: a generic call (its index in
 *     {@link SyscallProbes#BY_INDEX});</li>
 * <li>{@code N|syscall|ts|tid|pid|ret|fd|family|localip|localport|remoteip|remoteport} and
 *     {@code U|syscall|ts|tid|pid|ret|fd|path}: socket calls with their addresses;</li>
 * <li>{@code L|cpu|count}: records lost so far because that CPU's queue was full (see below);</li>
 * <li>{@code R|cpu|count}: calls lost so far because their saved registers were not found ({@link SyscallRegisters});</li>
 * <li>{@code Q|}: the last line of the run, printed by the END program, so the blank lines bpftrace
 *     prints after it cannot be taken for newlines at the end of the last record's string.</li>
 * </ul>
 * The {@code E}, {@code B} and {@code X} records are not printed inside the call that makes them but
 * kept in {@link KernelQueues} and printed from a timer about {@value KernelQueues#DRAIN_MS} ms later;
 * the reader's reorder buffer puts them back in time order.
 * Immutable; {@link #text()} is the program.
 */
final class BpftraceScript {

    /** Calls always traced, whatever the rules: they keep the process table, users and working directories right. */
    static final Set<EventType> ALWAYS = EnumSet.of(EventType.CLONE, EventType.CLONE3, EventType.FORK, EventType.VFORK,
            EventType.EXECVE, EventType.EXECVEAT, EventType.PROCEXIT, EventType.CHDIR, EventType.FCHDIR, EventType.SETUID, EventType.SETGID,
            EventType.SETRESUID, EventType.SETRESGID, EventType.SETREUID, EventType.SETREGID);

    /** Calls added when any fd-creating call is traced, so the fd table forgets closed and copied fds. */
    static final Set<EventType> FD_HYGIENE = EnumSet.of(EventType.CLOSE, EventType.DUP, EventType.DUP2, EventType.DUP3);

    /** Socket calls with addresses, printed by their own probes. */
    static final Set<EventType> NETWORK = EnumSet.of(EventType.CONNECT, EventType.ACCEPT, EventType.ACCEPT4, EventType.BIND);

    /**
     * The clone-family calls, numbered from 1 in this order in {@code B} records. Their entry saves the
     * call and its flags for {@code sched_process_fork}; their exit prints only a failure.
     */
    static final List<String> CLONE_CALLS = List.of("clone", "clone3", "fork", "vfork");

    /** Bytes of a string argument bpftrace reads (its maximum, BPFTRACE_STRLEN=200). */
    static final int STRING_BYTES = 200;

    /** Bytes of the heartbeat's padding line: more than bpftrace's full output buffer (BUFSIZ, 8 KiB). */
    static final int PADDING_BYTES = 8300;

    /** Bytes of the argument area printed per {@code A} line (a whole line must fit in the 512-byte BPF stack). */
    static final int ARG_CHUNK_BYTES = 160;

    private final String text;
    private final Set<EventType> traced;
    private final List<String> unavailable;
    private final boolean readsSavedRegisters;

    /**
     * @param wanted the event types the rules need (the {@link #ALWAYS} set is added); null: every type the sensor can produce
     * @param selfPid a process whose calls are not traced (the JVM reading the output), or -1
     * @param cgroupSubsystem the cgroup v1 controller index whose path names containers, or -1 for the cgroup v2 hierarchy
     * @param kernfsParent the name of kernfs_node's parent field on this kernel ({@code __parent} or {@code parent})
     * @param maxArgBytes how many bytes of a new program's argument area are read
     * @param syscallAvailable whether the kernel has the tracepoints of a syscall
     * @param token what every printed line starts with (4 to 32 letters or digits, secret to the run)
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, int cgroupSubsystem, String kernfsParent, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token) {
        this(wanted, selfPid, cgroupSubsystem, kernfsParent, maxArgBytes, syscallAvailable, token,
                new KernelOpenFilter(null, 1), new KernelQueues(1, 65_536));
    }

    /**
     * As above, leaving in the kernel the opens {@code opens} skips (and their fds' closes), and keeping
     * the records of new and ended threads and of exec headers in {@code queues} instead of printing
     * them inside the call.
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, int cgroupSubsystem, String kernfsParent, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token, KernelOpenFilter openFilter, KernelQueues queues) {
        this(wanted, selfPid, cgroupSubsystem, kernfsParent, maxArgBytes, syscallAvailable, token, openFilter, queues, null);
    }

    /**
     * As above, with the generic and socket calls read entirely at their exit from the saved
     * {@code registers} (one program per call instead of an entry program, a map and an exit program;
     * close is decided at its entry instead), or, when null, saved at entry and printed at exit.
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, int cgroupSubsystem, String kernfsParent, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token, KernelOpenFilter openFilter, KernelQueues queues,
                   SyscallRegisters registers) {
        if (!token.matches("[A-Za-z0-9]{4,32}")) {
            throw new IllegalArgumentException("the line token must be 4 to 32 letters or digits");
        }
        Set<EventType> want = EnumSet.copyOf(ALWAYS);
        if (wanted == null) {
            want.addAll(SyscallProbes.BY_TYPE.keySet());
            want.addAll(NETWORK);
        } else {
            want.addAll(wanted);
            if (wanted.contains(EventType.EXECVEAT)) {
                want.add(EventType.EXECVE);
            }
        }
        boolean fds = want.stream().anyMatch(t -> t.isOpen() || NETWORK.contains(t) || t == EventType.SOCKET
                || t == EventType.MEMFD_CREATE || t == EventType.BPF);
        if (fds) {
            want.addAll(FD_HYGIENE);
        }
        // Whether the current process is traced: as an expression, and as a probe's filter.
        String notSelf = selfPid > 0 ? "pid != " + selfPid : "1";
        String self = selfPid > 0 ? "/" + notSelf + "/ " : "";
        StringBuilder b = new StringBuilder(16_384);
        List<String> missing = new ArrayList<>();
        Set<EventType> on = EnumSet.noneOf(EventType.class);
        // The heartbeat's padding line fills bpftrace's output buffer (-B full), so what was printed
        // before it is written out at least every 100 ms even when the host is quiet.
        b.append("interval:ms:100 { printf(\"T|%llu\\n").append(token).append("Z|").append(" ".repeat(PADDING_BYTES))
                .append("\\n\", nsecs); }\n");
        int firstDrain = b.length();
        exec(b, self, cgroupSubsystem, kernfsParent, maxArgBytes, queues);
        on.add(EventType.EXECVE);
        for (String call : List.of("execve", "execveat")) {
            if (syscallAvailable.test(call)) {
                execCall(b, self, call);
                on.add(EventType.fromName(call));
            } else {
                missing.add(call);
            }
        }
        for (String call : CLONE_CALLS) {
            if (syscallAvailable.test(call)) {
                clone(b, notSelf, call);
                on.add(EventType.fromName(call));
            } else {
                missing.add(call);
            }
        }
        if (CLONE_CALLS.stream().anyMatch(syscallAvailable)) {
            fork(b, notSelf, queues);
        }
        // No map is cleaned here: a thread passes the exit of every call it entered before it ends,
        // even when killed inside one. Only a call made while its entry program was attached and its
        // exit program not yet (bpftrace attaches them one by one) leaves an entry behind.
        b.append("tracepoint:sched:sched_process_exit ").append(self).append("{\n")
                .append("  ").append(queues.store('X', "%llu|%d|%d|%d", List.of("nsecs", "tid", "pid", "curtask->exit_code")))
                .append("\n}\n");
        List<String> maps = new ArrayList<>(List.of("@cl", "@ex"));
        on.add(EventType.PROCEXIT);
        StringBuilder probes = new StringBuilder();
        List<String> openCalls = new ArrayList<>();
        List<String> parkingCalls = new ArrayList<>();
        boolean anyAtExit = false;
        // Its maps exist only where an open is traced.
        KernelOpenFilter opens = SyscallProbes.BY_TYPE.values().stream()
                .anyMatch(p -> p.type().isOpen() && want.contains(p.type()) && syscallAvailable.test(p.syscall()))
                ? openFilter : new KernelOpenFilter(null, 1);
        for (SyscallProbe p : SyscallProbes.BY_TYPE.values()) {
            if (!want.contains(p.type())) {
                continue;
            }
            if (!syscallAvailable.test(p.syscall())) {
                missing.add(p.syscall());
                continue;
            }
            SyscallRegisters atExit = registers != null && registers.covers(p.syscall()) ? registers : null;
            generic(probes, self, p, opens, atExit);
            anyAtExit |= atExit != null && p.type() != EventType.CLOSE;
            if (atExit == null || (opens.active() && p.type().isOpen())) {
                maps.add("@s_" + p.syscall());
            }
            if (opens.active() && p.type().isOpen()) {
                openCalls.add(p.syscall());
                if (atExit == null) {
                    parkingCalls.add(p.syscall());
                }
            }
            on.add(p.type());
        }
        for (EventType t : NETWORK) {
            if (!want.contains(t)) {
                continue;
            }
            if (!syscallAvailable.test(t.falcoName())) {
                missing.add(t.falcoName());
                continue;
            }
            SyscallRegisters atExit = registers != null && registers.covers(t.falcoName()) ? registers : null;
            network(probes, self, t.falcoName(), opens, atExit);
            anyAtExit |= atExit != null;
            if (atExit == null) {
                maps.add("@n_" + t.falcoName());
            }
            on.add(t);
        }
        if (!openCalls.isEmpty()) {
            maps.addAll(opens.threadMaps(parkingCalls));
            probes.append(opens.counters());
        }
        if (anyAtExit) {
            probes.append(registers.counters());
        }
        b.append(probes);
        if (queues.used()) {
            String drains = queues.drainPrograms();
            b.append(queues.counterProgram()).append(drains);
            b.insert(firstDrain, drains);
            b.insert(0, queues.begin());
            maps.addAll(queues.maps());
        }
        // Maps left at the end would be printed as lines of their own: clear them.
        maps.addAll(List.of("@exec_ts", "@cgroup_seen"));
        b.append("END {");
        if (!openCalls.isEmpty()) {
            b.append(opens.finalCounters());
            maps.addAll(KernelOpenFilter.endMaps());
        }
        if (anyAtExit) {
            b.append(registers.finalCounters());
            maps.addAll(SyscallRegisters.endMaps());
        }
        if (queues.used()) {
            b.append(queues.finalStatements());
        }
        for (String m : maps) {
            b.append(" clear(").append(m).append(");");
        }
        b.append(" printf(\"Q|\\n\"); }\n");
        this.text = b.toString().replace("printf(\"", "printf(\"" + token);
        this.traced = Collections.unmodifiableSet(on);
        this.unavailable = List.copyOf(missing);
        this.readsSavedRegisters = anyAtExit;
    }

    /**
     * Whether the printed record in {@code line[from, to)} (after its token) may end with a string,
     * so that a line without the token after it may continue it. The records above that end with a
     * number do not (heartbeat, padding, fork, clone, exit, socket address, counters, end), nor {@code A},
     * whose bytes {@code %r} escapes, nor a generic call whose probe has no string; bpftrace prints
     * blank lines of its own at the very end.
     */
    static boolean mayEndWithString(byte[] line, int from, int to) {
        int code = from < to ? line[from] : 0;
        if (code == 'S') {
            int probe = 0;
            int i = from + 2;
            for (; i < to && i < from + 6 && line[i] >= '0' && line[i] <= '9'; i++) {
                probe = probe * 10 + line[i] - '0';
            }
            return i == from + 2 || probe >= SyscallProbes.BY_INDEX.size()
                    || !SyscallProbes.BY_INDEX.get(probe).strings().isEmpty();
        }
        return "TZBCXNKLRAQ".indexOf(code) < 0;
    }

    /** The program text. */
    String text() {
        return text;
    }

    /** The event types the program produces. */
    Set<EventType> traced() {
        return traced;
    }

    /** Whether some calls' arguments are read from the saved registers at their exit ({@link SyscallRegisters}). */
    boolean readsSavedRegisters() {
        return readsSavedRegisters;
    }

    /** Syscalls that were wanted but whose tracepoints this kernel does not have. */
    List<String> unavailable() {
        return unavailable;
    }

    private static void exec(StringBuilder b, String self, int subsystem, String parent, int maxArgBytes, KernelQueues queues) {
        String cgroup = subsystem >= 0 ? "$t->cgroups->subsys[" + subsystem + "]->cgroup->kn" : "$t->cgroups->dfl_cgrp->kn";
        // Three programs on the same tracepoint (they run in this order), so each stays within the BPF stack.
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $ts = nsecs; @exec_ts[tid] = $ts; $t = curtask; $mm = $t->mm;\n")
                .append("  $len = $mm->arg_end - $mm->arg_start;\n")
                .append("  $tty = $t->signal->tty; $ttynr = (uint64)0;\n")
                .append("  if ($tty != 0) {\n")
                .append("    $major = (uint64)$tty->driver->major; $minor = (uint64)$tty->driver->minor_start + (uint64)$tty->index;\n")
                .append("    $ttynr = ($minor & 0xff) | ($major << 8) | (($minor & ~0xff) << 12);\n")
                .append("  }\n")
                .append("  $kn = ").append(cgroup).append("; $cg = $kn->id;\n")
                .append("  ").append(queues.store('E', "%llu|%d|%d|%d|%u|%u|%u|%u|%llu|%llu|%llu|%s", List.of("$ts", "tid",
                        "pid", "$t->real_parent->tgid", "$t->cred->uid.val", "$t->cred->euid.val", "$t->cred->gid.val",
                        "$t->loginuid.val", "$ttynr", "$len", "$cg", "comm"))).append("\n")
                .append("}\n");
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $kn = ").append(cgroup.replace("$t->", "curtask->")).append("; $cg = $kn->id;\n")
                .append("  if (@cgroup_seen[$cg] == 0) {\n")
                .append("    @cgroup_seen[$cg] = 1; $k = $kn; $level = 0;\n")
                .append("    while ($level < 10 && $k != 0) {\n")
                .append("      printf(\"G|%llu|%d|%s\\n\", $cg, $level, str($k->name)); $k = $k->").append(parent)
                .append("; $level++;\n")
                .append("    }\n")
                .append("  }\n")
                // The exec'ing thread had its own id before a multi-threaded exec made it the leader.
                .append("  $e = @ex[args->old_pid]; $call = $e.0; delete(@ex[args->old_pid]);\n")
                .append("  printf(\"F|%llu|%d|%d|%s\\n\", @exec_ts[tid], tid, $call, str(args->filename)); delete(@exec_ts[tid]);\n")
                .append("}\n");
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $mm = curtask->mm;\n")
                .append("  $len = $mm->arg_end - $mm->arg_start;\n")
                .append("  $off = (uint64)0;\n")
                .append("  while ($off < $len && $off < ").append(maxArgBytes).append(") {\n")
                .append("    $n = $len - $off; if ($n > ").append(ARG_CHUNK_BYTES).append(") { $n = ").append(ARG_CHUNK_BYTES).append("; }\n")
                .append("    printf(\"A|%d|%llu|%r\\n\", tid, $off, buf(uptr($mm->arg_start + $off), $n));\n")
                .append("    $off += ").append(ARG_CHUNK_BYTES).append(";\n")
                .append("  }\n")
                .append("}\n");
    }

    /**
     * execve and execveat: the call's target is saved at entry; a failure prints a {@code Y} line
     * (the process keeps its program); a success is printed by the exec programs, which read here
     * which of the two calls it was.
     */
    private static void execCall(StringBuilder b, String self, String call) {
        boolean at = call.equals("execveat");
        b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                .append("{ @ex[tid] = (").append(at ? "2, (int64)args->fd" : "1, (int64)-100")
                .append(", (uint64)args->filename); }\n");
        b.append("tracepoint:syscalls:sys_exit_").append(call).append(' ').append(self).append("{\n")
                .append("  $a = @ex[tid]; delete(@ex[tid]);\n")
                .append("  if (args->ret < 0 && $a.0 != 0) {\n")
                .append("    printf(\"Y|%llu|%d|%d|%d|%d|%d|%s\\n\", nsecs, tid, pid, args->ret, $a.0, $a.1, str(uptr($a.2)));\n")
                .append("  }\n")
                .append("}\n");
    }

    private static void clone(StringBuilder b, String notSelf, String call) {
        String flags = switch (call) {
            case "clone" -> "(uint64)args->clone_flags";
            case "clone3" -> "*(uint64 *)uptr(args->uargs)";
            case "vfork" -> "(uint64)0x4100";
            default -> "(uint64)0";
        };
        // Not filtered by process: the untraced process's children are reported (its threads are not).
        b.append("tracepoint:syscalls:sys_enter_").append(call).append(" { @cl[tid] = (")
                .append(CLONE_CALLS.indexOf(call) + 1).append(", ").append(flags).append("); }\n");
        b.append("tracepoint:syscalls:sys_exit_").append(call).append(" {\n")
                .append("  $r = args->ret;\n")
                .append("  if ($r != 0) {\n")
                .append("    $c = @cl[tid]; delete(@cl[tid]);\n")
                .append("    if ($r < 0 && ").append(notSelf).append(") { printf(\"C|")
                .append(call).append("|%llu|%d|%d|%d|%llu|0\\n\", nsecs, tid, pid, $r, $c.1); }\n")
                .append("  }\n")
                .append("}\n");
    }

    /**
     * One record per new thread or process, printed in the parent before the child can run, so it
     * comes before anything the child does; the child's own return from the call prints nothing.
     */
    private static void fork(StringBuilder b, String notSelf, KernelQueues queues) {
        b.append("tracepoint:sched:sched_process_fork {\n")
                .append("  $c = @cl[tid];\n")
                .append("  if ($c.0 != 0 && (").append(notSelf).append(" || ($c.1 & 0x")
                .append(Long.toHexString(SensorRecord.Clone.CLONE_THREAD)).append(") == 0)) {\n")
                .append("    ").append(queues.store('B', "%d|%llu|%d|%d|%d|%llu|%d|%d", List.of("$c.0", "nsecs", "tid", "pid",
                        "args->child_pid", "$c.1", "curtask->real_parent->pid", "(" + notSelf + ")"))).append("\n")
                .append("  }\n")
                .append("}\n");
    }

    private static void generic(StringBuilder b, String self, SyscallProbe p, KernelOpenFilter opens, SyscallRegisters registers) {
        String call = p.syscall();
        String map = "@s_" + call;
        boolean returnsFd = "fd".equals(p.result()) || p.type() == EventType.DUP || p.type() == EventType.DUP2
                || p.type() == EventType.DUP3;
        String forget = returnsFd ? opens.forgetFd() : "";
        if (registers != null && p.type() == EventType.CLOSE) {
            // Decided and printed at the entry, while the fd is still the process's: no other thread can be
            // given its number before the record is made. The event has no result.
            String print = "$r = 0; $ts = nsecs; " + record(p, p.numbers().stream().map(SyscallProbe.Arg::expression).toList(), List.of());
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self).append("{ ")
                    .append(opens.active() ? opens.closeEntry(print) : print).append(" }\n");
            return;
        }
        String flags = p.numbers().stream().filter(a -> a.param().equals("flags")).map(SyscallProbe.Arg::expression)
                .findFirst().orElse(null);
        String exit = "tracepoint:syscalls:sys_exit_" + call + " " + self + "{\n";
        if (registers != null) {
            List<String> numbers = p.numbers().stream().map(a -> registers.rewrite(call, a.expression())).toList();
            List<String> strings = p.strings().stream().map(a -> registers.rewrite(call, a.expression())).toList();
            if (opens.active() && p.type().isOpen()) {
                b.append(opens.openAtExit(call, self, registers, strings.get(0), flags == null ? null : registers.rewrite(call, flags), map));
                b.append(exit).append("  if (").append(map).append("[tid]) {\n")
                        .append("    delete(").append(map).append("[tid]); $r = args->ret; ").append(registers.locate(call)).append('\n')
                        .append("    ").append(forget).append("$ts = nsecs;\n")
                        .append("    ").append(record(p, numbers, strings)).append("\n  }\n}\n");
            } else {
                b.append(exit).append(registers.guarded(call, "    $r = args->ret; " + forget + "$ts = nsecs;\n"
                        + "    " + record(p, numbers, strings) + "\n")).append("}\n");
            }
            return;
        }
        // A call with a string is recognised by its non-null pointer; one without carries a leading 1
        // (a missing entry reads as zeros). Adding the marker to string calls would overflow the BPF stack.
        boolean marker = p.strings().isEmpty();
        List<String> values = new ArrayList<>();
        if (marker) {
            values.add("1");
        }
        p.numbers().forEach(a -> values.add(a.expression()));
        p.strings().forEach(a -> values.add(a.expression()));
        String tuple = values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
        // A single value is stored as itself: bpftrace has no one-element tuples.
        IntFunction<String> at = i -> values.size() == 1 ? "$a" : "$a." + i;
        int firstNumber = marker ? 1 : 0;
        int firstString = firstNumber + p.numbers().size();
        if (opens.active() && p.type().isOpen()) {
            b.append(opens.openEntry(call, self, p.strings().get(0).expression(), flags, map, tuple));
            b.append(opens.openExit(call, self, map, firstString));
        } else if (opens.active() && p.type() == EventType.CLOSE) {
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                    .append("{ ").append(opens.closeEntry(map + "[tid] = " + tuple + ";")).append(" }\n");
        } else {
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                    .append("{ ").append(map).append("[tid] = ").append(tuple).append("; }\n");
        }
        List<String> numbers = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (int i = firstNumber; i < values.size(); i++) {
            (i < firstString ? numbers : strings).add(at.apply(i));
        }
        b.append(exit)
                .append("  $r = args->ret; $a = ").append(map).append("[tid];\n")
                .append("  if (").append(marker ? "$a.0 == 1" : at.apply(firstString) + " != 0").append(") {\n")
                .append("    delete(").append(map).append("[tid]); ").append(forget).append("$ts = nsecs;\n")
                .append("    ").append(record(p, numbers, strings)).append('\n')
                .append("  }\n}\n");
    }

    /**
     * The statements printing a generic call's {@code S} line (and a {@code P} line per further string),
     * given {@code $ts} and {@code $r}, its numbers' expressions and its strings' pointers.
     */
    private static String record(SyscallProbe p, List<String> numbers, List<String> strings) {
        StringBuilder b = new StringBuilder("printf(\"S|").append(p.index()).append("|%llu|%d|%d|%d");
        numbers.forEach(n -> b.append("|%d"));
        if (!strings.isEmpty()) {
            b.append("|%s");
        }
        b.append("\\n\", $ts, tid, pid, $r");
        numbers.forEach(n -> b.append(", ").append(n));
        if (!strings.isEmpty()) {
            b.append(", str(").append(strings.get(0)).append(')');
        }
        b.append(");");
        for (int i = 1; i < strings.size(); i++) {
            b.append(" printf(\"P|%llu|%d|%s\\n\", $ts, tid, str(").append(strings.get(i)).append("));");
        }
        return b.toString();
    }

    private static void network(StringBuilder out, String self, String call, KernelOpenFilter opens, SyscallRegisters registers) {
        String map = "@n_" + call;
        boolean accept = call.startsWith("accept");
        String fdArg = "(int64)args->fd";
        String addressArg = switch (call) {
            case "connect" -> "(uint64)args->uservaddr";
            case "bind" -> "(uint64)args->umyaddr";
            default -> "(uint64)0";
        };
        String exit = "tracepoint:syscalls:sys_exit_" + call + " " + self + "{\n";
        StringBuilder b = new StringBuilder();
        String head = "|" + call + "|%llu|%d|%d|%d|%d";
        String headArgs = "$ts, tid, pid, $r, $fd";
        if (accept) {
            // The new connection's socket holds both ends: local is the server, remote the client.
            b.append("    $fd = $r; ").append(opens.forgetFd()).append("\n")
                    .append("    if ($r >= 0) {\n")
                    .append("      $sk = ((struct socket *)(*(curtask->files->fdt->fd + $r))->private_data)->sk;\n")
                    .append("      $family = $sk->__sk_common.skc_family;\n")
                    .append("      if ($family == 2) {\n")
                    .append("        printf(\"N").append(head).append("|2|%s|%d|%s|%d\\n\", ").append(headArgs)
                    .append(", ntop(2, $sk->__sk_common.skc_rcv_saddr), $sk->__sk_common.skc_num,")
                    .append(" ntop(2, $sk->__sk_common.skc_daddr), bswap($sk->__sk_common.skc_dport));\n")
                    .append("      } else if ($family == 10) {\n")
                    .append("        printf(\"N").append(head).append("|10|%s|%d|%s|%d\\n\", ").append(headArgs)
                    .append(", ntop(10, $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8), $sk->__sk_common.skc_num,")
                    .append(" ntop(10, $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8), bswap($sk->__sk_common.skc_dport));\n")
                    .append("      } else {\n")
                    .append("        printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("      }\n")
                    .append("    } else {\n")
                    .append("      printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("    }\n");
        } else {
            boolean connect = call.equals("connect");
            b.append("    $sa = (struct sockaddr *)uptr($addr); $family = $sa->sa_family;\n");
            if (connect) {
                b.append("    $sk = ((struct socket *)(*(curtask->files->fdt->fd + $fd))->private_data)->sk;\n");
            }
            b.append("    if ($family == 2) {\n")
                    .append("      $s4 = (struct sockaddr_in *)uptr($addr);\n")
                    .append("      printf(\"N").append(head).append("|2|%s|%d|%s|%d\\n\", ").append(headArgs);
            if (connect) {
                b.append(", ntop(2, $sk->__sk_common.skc_rcv_saddr), $sk->__sk_common.skc_num");
            } else {
                b.append(", ntop(2, $s4->sin_addr.s_addr), bswap($s4->sin_port)");
            }
            b.append(", ntop(2, $s4->sin_addr.s_addr), bswap($s4->sin_port));\n")
                    .append("    } else if ($family == 10) {\n")
                    .append("      $s6 = (struct sockaddr_in6 *)uptr($addr);\n")
                    .append("      printf(\"N").append(head).append("|10|%s|%d|%s|%d\\n\", ").append(headArgs);
            if (connect) {
                b.append(", ntop(10, $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8), $sk->__sk_common.skc_num");
            } else {
                b.append(", ntop(10, $s6->sin6_addr.in6_u.u6_addr8), bswap($s6->sin6_port)");
            }
            b.append(", ntop(10, $s6->sin6_addr.in6_u.u6_addr8), bswap($s6->sin6_port));\n")
                    .append("    } else if ($family == 1) {\n")
                    .append("      printf(\"U").append(head).append("|%s\\n\", ").append(headArgs)
                    .append(", str(uptr($addr + 2)));\n")
                    .append("    } else {\n")
                    .append("      printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("    }\n");
        }
        if (registers != null) {
            out.append(exit).append(registers.guarded(call, "    $r = args->ret; $ts = nsecs; $fd = " + registers.rewrite(call, fdArg)
                    + "; $addr = " + registers.rewrite(call, addressArg) + ";\n" + b)).append("}\n");
        } else {
            out.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                    .append("{ ").append(map).append("[tid] = (1, ").append(fdArg).append(", ").append(addressArg).append("); }\n");
            out.append(exit)
                    .append("  $r = args->ret; $a = ").append(map).append("[tid];\n")
                    .append("  if ($a.0 == 1) {\n")
                    .append("    delete(").append(map).append("[tid]); $ts = nsecs; $fd = $a.1; $addr = $a.2;\n")
                    .append(b).append("  }\n}\n");
        }
    }
}
