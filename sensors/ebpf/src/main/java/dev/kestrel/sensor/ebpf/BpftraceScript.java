package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes the bpftrace program the sensor runs. Every line it prints is the run's secret token, one
 * record of the form {@code CODE|field|...}, and the token again (read by {@link BpftraceOutput}, then
 * {@link RecordAssembler}); a string (always a record's last field) that contains a newline runs on over
 * lines without the token, to the closing one:
 * <ul>
 * <li>{@code T|ts}: a heartbeat every 100 ms (kernel time), which lets the reader release records in order,
 *     followed by {@code Z|} and padding that pushes bpftrace's buffered output out;</li>
 * <li>{@code E|ts|tid|pid|ppid|uid|euid|egid|loginuid|tty|arglen|cgroup|capinheritable|cappermitted|capeffective|exeflags|comm} after a successful exec (queued,
 *     see below), with {@code F|ts|tid|call|filename} ({@code call} 2 for execveat, else execve), then
 *     {@code A|tid|offset|bytes} chunks of the argument area (without the time: a line must fit in the BPF
 *     stack; they follow their {@code F} line, printed by the same CPU just before);</li>
 * <li>{@code Y|ts|tid|pid|ret|call|dirfd|filename}: an execve ({@code call} 1) or execveat (2) that failed;</li>
 * <li>{@code G|cgroup|level|name}: the names of a cgroup and its ancestors, printed once per cgroup;</li>
 * <li>{@code B|call|ts|tid|pid|child|flags|grandparent|traced|comm}: a clone ({@code call} 1), clone3 (2), fork (3) or
 *     vfork (4) made a thread or process {@code child}, seen by {@code sched_process_fork} in the parent before the
 *     child can run; {@code grandparent} is the parent's parent (the child's parent under CLONE_PARENT), and
 *     {@code traced} is 0 when the parent is the untraced process (only the child is reported then);</li>
 * <li>{@code C|type|ts|tid|pid|ret|flags|ptid}: a clone, fork or vfork that failed (ret &lt; 0);</li>
 * <li>{@code X|ts|tid|pid|exitcode|reaper}: a thread exits; {@code reaper} is the init of its pid namespace,
 *     which takes its children when it was its process's last thread;</li>
 * <li>{@code S|probe|ts|tid|pid|ret|numbers...|string} and {@code P|ts|tid|string}: a generic call (its index in
 *     {@link SyscallProbes#BY_INDEX});</li>
 * <li>{@code N|syscall|ts|tid|pid|ret|fd|family|localip|localport|remoteip|remoteport} and
 *     {@code U|syscall|ts|tid|pid|ret|fd|path}: socket calls with their addresses (accept and accept4: a
 *     {@code |cloexec} after the fd, 1 when the new fd closes at an exec);</li>
 * <li>{@code O|ts|cgroup}: a cgroup of the hierarchy that names containers, announced by a {@code G} line, was removed;</li>
 * <li>{@code L|cpu|count}: records lost so far because that CPU's queue was full (see below);</li>
 * <li>{@code R|cpu|count}: calls lost so far because their saved registers were not found ({@link SyscallRegisters});</li>
 * <li>{@code M|cpu|count}: calls saved at their entry that their exit did not find (begun before the probes
 *     attached, or the map was full);</li>
 * <li>{@code Q|}: the last line of the run, printed by the END program: a run without it was cut off.</li>
 * </ul>
 * The {@code E}, {@code B} and {@code X} records are not printed inside the call that makes them but
 * kept in {@link KernelQueues} and printed from a timer about {@value KernelQueues#DRAIN_MS} ms later;
 * the reader's reorder buffer puts them back in time order.
 * Immutable; {@link #text()} is the program.
 */
final class BpftraceScript {

    /** Calls always traced, whatever the rules: they keep the process table, users and working directories right. */
    static final Set<EventType> ALWAYS = Collections.unmodifiableSet(EnumSet.of(EventType.CLONE, EventType.CLONE3,
            EventType.FORK, EventType.VFORK, EventType.EXECVE, EventType.EXECVEAT, EventType.PROCEXIT, EventType.CHDIR,
            EventType.FCHDIR, EventType.SETUID, EventType.SETGID, EventType.SETRESUID, EventType.SETRESGID, EventType.SETREUID,
            EventType.SETREGID, EventType.SETSID, EventType.SETPGID));

    /** Calls added when any fd-creating call is traced, so the fd table forgets closed and copied fds. */
    static final Set<EventType> FD_HYGIENE = Collections.unmodifiableSet(EnumSet.of(EventType.CLOSE, EventType.DUP,
            EventType.DUP2, EventType.DUP3));

    /**
     * Calls added with them, as libsinsp's state set always traces them: the sockets and pipes they make
     * are the fds a later call reads (a dup of an accepted connection onto stdin, a send on a socket),
     * whether or not a rule names the call that made them; a pipe also replaces what the table held
     * under its numbers.
     */
    static final Set<EventType> FD_SOURCES = Collections.unmodifiableSet(EnumSet.of(EventType.SOCKET, EventType.CONNECT,
            EventType.ACCEPT, EventType.ACCEPT4, EventType.BIND, EventType.PIPE, EventType.PIPE2, EventType.SOCKETPAIR));

    /** Socket calls with addresses, printed by their own probes. */
    static final Set<EventType> NETWORK = Collections.unmodifiableSet(EnumSet.of(EventType.CONNECT, EventType.ACCEPT,
            EventType.ACCEPT4, EventType.BIND, EventType.SENDTO, EventType.SENDMSG));

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
    private final Set<EventType> unwatched;
    private final boolean readsSavedRegisters;

    /**
     * @param wanted the event types the rules need (the {@link #ALWAYS} set is added); null: every type the sensor can produce
     * @param selfPid a process whose calls are not traced (the JVM reading the output), or -1
     * @param layout what the program must know of this kernel's structures (cgroups, kernfs, capabilities)
     * @param maxArgBytes how many bytes of a new program's argument area are read
     * @param syscallAvailable whether the kernel has the tracepoints of a syscall
     * @param token what every printed line starts and ends with (4 to 32 letters or digits, a digit first; secret to the run)
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, KernelLayout layout, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token) {
        this(wanted, selfPid, layout, maxArgBytes, syscallAvailable, token,
                new KernelOpenFilter(null, 1), new KernelQueues(1, 65_536));
    }

    /**
     * As above, leaving in the kernel the opens {@code opens} skips (and their fds' closes), and keeping
     * the records of new and ended threads and of exec headers in {@code queues} instead of printing
     * them inside the call.
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, KernelLayout layout, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token, KernelOpenFilter openFilter, KernelQueues queues) {
        this(wanted, selfPid, layout, maxArgBytes, syscallAvailable, token, openFilter, queues, null);
    }

    /**
     * As above, with the generic and socket calls read entirely at their exit from the saved
     * {@code registers} (one program per call instead of an entry program, a map and an exit program;
     * close is decided at its entry instead), or, when null, saved at entry and printed at exit.
     */
    BpftraceScript(Set<EventType> wanted, long selfPid, KernelLayout layout, int maxArgBytes,
                   Predicate<String> syscallAvailable, String token, KernelOpenFilter openFilter, KernelQueues queues,
                   SyscallRegisters registers) {
        // A digit first: bpftrace reads "%r" followed by a letter as another conversion ("%rx" prints hex,
        // "%rh" hex without escapes), which would take the closing token's first letter.
        if (!token.matches("[0-9][A-Za-z0-9]{3,31}")) {
            throw new IllegalArgumentException("the line token must be 4 to 32 letters or digits, starting with a digit");
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
        boolean fds = want.stream().anyMatch(t -> t.isOpen() || NETWORK.contains(t) || FD_HYGIENE.contains(t)
                || FD_SOURCES.contains(t) || t == EventType.LISTEN || t == EventType.MEMFD_CREATE || t == EventType.BPF);
        if (fds) {
            want.addAll(FD_HYGIENE);
            want.addAll(FD_SOURCES);
        }
        // Whether the current process is traced: as an expression, and as a probe's filter.
        String notSelf = selfPid > 0 ? "pid != " + selfPid : "1";
        String self = selfPid > 0 ? "/" + notSelf + "/ " : "";
        StringBuilder b = new StringBuilder(16_384);
        List<String> missing = new ArrayList<>();
        Set<EventType> on = EnumSet.noneOf(EventType.class);
        // The heartbeat's padding line fills bpftrace's output buffer (-B full), so what was printed
        // before it is written out at least every 100 ms even when the host is quiet.
        b.append("interval:ms:100 { printf(\"T|%llu").append(token).append("\\n").append(token).append("Z|").append(" ".repeat(PADDING_BYTES))
                .append("\\n\", nsecs); }\n");
        int firstDrain = b.length();
        ProcessPrograms.exec(b, self, layout, maxArgBytes, queues);
        ProcessPrograms.exePathPeriod(b, ProcessPrograms.EXE_PATH_PERIOD_SECONDS);
        on.add(EventType.EXECVE);
        for (String call : List.of("execve", "execveat")) {
            if (syscallAvailable.test(call)) {
                ProcessPrograms.execCall(b, self, call);
                on.add(EventType.fromName(call));
            } else {
                missing.add(call);
            }
        }
        for (String call : CLONE_CALLS) {
            if (syscallAvailable.test(call)) {
                ProcessPrograms.clone(b, notSelf, call, queues);
                on.add(EventType.fromName(call));
            } else {
                missing.add(call);
            }
        }
        if (CLONE_CALLS.stream().anyMatch(syscallAvailable)) {
            ProcessPrograms.fork(b, notSelf, queues);
        }
        // No map is cleaned here: a thread passes the exit of every call it entered before it ends,
        // even when killed inside one. bpftrace attaches the programs one by one, last written first, so a
        // call's exit program (written after its entry) is live before its entry program: a call made in
        // between leaves no entry behind, and its exit counts it as seen only at its exit (M lines).
        // Who takes its children: the init of its pid namespace (subreapers are not followed). Known only while
        // the namespace it makes children in is its own (same level): not after a setns or unshare of CLONE_NEWPID.
        b.append("tracepoint:sched:sched_process_exit ").append(self).append("{\n")
                .append("  $ns = curtask->nsproxy->pid_ns_for_children; $rp = (uint64)0;\n")
                .append("  if ($ns->level == curtask->thread_pid->level) { $rp = (uint64)$ns->child_reaper->pid; }\n")
                .append("  ").append(queues.store('X', "%llu|%d|%d|%d|%d", List.of("nsecs", "tid", "pid", "curtask->exit_code",
                        "$rp")))
                .append("\n}\n");
        List<String> maps = new ArrayList<>(List.of("@cl", "@ex"));
        on.add(EventType.PROCEXIT);
        StringBuilder probes = new StringBuilder();
        List<String> openCalls = new ArrayList<>();
        List<String> parkingCalls = new ArrayList<>();
        boolean anyAtExit = false;
        boolean sends = false;
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
            if (atExit == null && SyscallProbes.READ_AFTER_THE_CALL.contains(p.type())) {
                continue;  // read at the entry, its fds would be what the memory held before the call: left unwatched
            }
            CallPrograms.generic(probes, self, p, opens, atExit);
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
            CallPrograms.network(probes, self, t.falcoName(), opens, atExit);
            sends |= t == EventType.SENDTO || t == EventType.SENDMSG;
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
        if (sends) {
            probes.append(CpuCounter.everySecond(CallPrograms.SENDS_SKIPPED, 'W', openFilter.cpus()));
        }
        // The exec calls always save their entry; so may other calls (where the registers are not read).
        probes.append(CpuCounter.everySecond(CallPrograms.ENTRIES_MISSING, 'M', openFilter.cpus()));
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
        maps.addAll(List.of("@exec_ts", "@cgroup_seen", ProcessPrograms.EXE_SEEN));
        b.append("END {");
        if (!openCalls.isEmpty()) {
            b.append(opens.finalCounters());
            maps.addAll(KernelOpenFilter.endMaps());
        }
        if (anyAtExit) {
            b.append(registers.finalCounters());
            maps.addAll(SyscallRegisters.endMaps());
        }
        if (sends) {
            b.append(CpuCounter.printStatements(CallPrograms.SENDS_SKIPPED, 'W', openFilter.cpus()));
            maps.add(CallPrograms.SENDS_SKIPPED);
        }
        b.append(CpuCounter.printStatements(CallPrograms.ENTRIES_MISSING, 'M', openFilter.cpus()));
        maps.add(CallPrograms.ENTRIES_MISSING);
        if (queues.used()) {
            b.append(queues.finalStatements());
        }
        for (String m : maps) {
            b.append(" clear(").append(m).append(");");
        }
        b.append(" printf(\"Q|\\n\"); }\n");
        // Every line the program prints starts and ends with the token (the heartbeat's two lines are written so above).
        this.text = b.toString().replace("printf(\"", "printf(\"" + token).replace("\\n\"", token + "\\n\"");
        this.traced = Collections.unmodifiableSet(on);
        this.unavailable = List.copyOf(missing);
        // What the rules asked for: the calls added to keep the tables right are not theirs to miss.
        Set<EventType> notOn = EnumSet.noneOf(EventType.class);
        for (EventType t : wanted == null ? want : wanted) {
            if (!t.internal() && !on.contains(t) && !missing.contains(t.falcoName())) {
                notOn.add(t);
            }
        }
        this.unwatched = Collections.unmodifiableSet(notOn);
        this.readsSavedRegisters = anyAtExit;
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

    /** Event types that were wanted but that this sensor has no program for (sendto, for one). */
    Set<EventType> unwatched() {
        return unwatched;
    }

    /** Syscalls that were wanted but whose tracepoints this kernel does not have. */
    List<String> unavailable() {
        return unavailable;
    }
}
