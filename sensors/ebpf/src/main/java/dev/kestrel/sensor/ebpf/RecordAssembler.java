package dev.kestrel.sensor.ebpf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the program's printed lines (see {@link BpftraceScript}) into complete {@link SensorRecord}s:
 * an exec waits for its header, file name and argument chunks ({@link ExecAssembler}), a call with
 * several strings for its {@code P} lines. Parts that never come (lost events) are given up after
 * {@code maxWaitNanos} of kernel time and the record goes out incomplete, counted ({@link PartialRecords}).
 * Lines that cannot be read are counted by reason. Not thread-safe: one assembler per reading thread;
 * its counters may be read from any thread.
 */
final class RecordAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordAssembler.class);
    /** How much of a line that could not be read the debug log shows. */
    private static final int LOGGED_LINE_BYTES = 300;

    private final Consumer<SensorRecord> out;
    private final CgroupNames cgroups;
    private final ExePaths exePaths;
    private final NamespaceIds namespaceIds;
    private final long maxWaitNanos;
    private final PartialRecords partial = new PartialRecords();
    private final ExecAssembler execs;
    private final Map<Long, PendingCall> calls = new HashMap<>();
    private final LineFields fields = new LineFields();
    /** Written once per heartbeat line (10 a second), read by {@code EbpfSource.await} on the host's thread. */
    private volatile long heartbeat;
    private volatile boolean ended;
    private final CpuCounter opensLeftInKernel = new CpuCounter();
    private final CpuCounter sendsLeftInKernel = new CpuCounter();
    private final CpuCounter queueLost = new CpuCounter();
    private final CpuCounter registersNotFound = new CpuCounter();
    private final CpuCounter entriesMissing = new CpuCounter();

    RecordAssembler(Consumer<SensorRecord> out, CgroupNames cgroups, int maxArgBytes, long maxWaitNanos) {
        this(out, cgroups, new ExePaths(1024, 1L << 20), new NamespaceIds(1024), maxArgBytes, maxWaitNanos);
    }

    /**
     * An assembler that keeps the cgroup names, exe paths and new threads' namespace ids the program
     * announces in {@code cgroups}, {@code exePaths} and {@code namespaceIds}.
     */
    RecordAssembler(Consumer<SensorRecord> out, CgroupNames cgroups, ExePaths exePaths, NamespaceIds namespaceIds, int maxArgBytes,
                    long maxWaitNanos) {
        this.out = out;
        this.cgroups = cgroups;
        this.exePaths = exePaths;
        this.namespaceIds = namespaceIds;
        this.maxWaitNanos = maxWaitNanos;
        this.execs = new ExecAssembler(out, maxArgBytes, partial);
    }

    /**
     * Tells the kernel time by which every probe was attached (the readiness check's exec): an exec
     * missing parts before that is counted in {@link #seenWhileAttaching()}, after it as lost parts.
     */
    void attachedAt(long kernelTime) {
        partial.attachedAt(kernelTime);
    }

    /** Execs seen in part while the probes were being attached (delivered, marked truncated). */
    long seenWhileAttaching() {
        return partial.seenWhileAttaching();
    }

    /**
     * Tells the kernel time at which bpftrace was asked to end (the clock of {@link System#nanoTime()}).
     * It detaches its probes one by one, over seconds: from then on a call or exec missing parts, or
     * exec arguments arriving without their exec, count in {@link #seenWhileDetaching()}, not as lost
     * or not understood. Any thread.
     */
    void detachingFrom(long kernelTime) {
        partial.detachingFrom(kernelTime);
    }

    /**
     * Records seen in part while the probes were being detached: execs and calls delivered incomplete
     * (marked truncated), and execs or argument chunks that came without the part naming their process.
     */
    long seenWhileDetaching() {
        return partial.seenWhileDetaching();
    }

    /** Whether the END program's last line ({@code Q}) was read: nothing bpftrace printed was cut off. */
    boolean ended() {
        return ended;
    }

    /** The kernel time of the last heartbeat ({@code T} line), or 0. */
    long heartbeat() {
        return heartbeat;
    }

    /** Opens the kernel program left out (their fd's close too), as its {@code K|cpu|count} lines last said. */
    long opensLeftInKernel() {
        return opensLeftInKernel.total();
    }

    /** Sends without a destination the kernel program left out, as its {@code W|cpu|count} lines last said. */
    long sendsLeftInKernel() {
        return sendsLeftInKernel.total();
    }

    /** Records the kernel's queues had no room for, as its {@code L|cpu|count} lines last said ({@link KernelQueues}). */
    long queueLost() {
        return queueLost.total();
    }

    /** Calls the kernel could not print because their saved registers were not found (R lines). */
    long registersNotFound() {
        return registersNotFound.total();
    }

    /**
     * Calls saved at their entry whose exit found nothing saved (M lines): begun before their
     * programs were attached, or their map was full.
     */
    long entriesMissing() {
        return entriesMissing.total();
    }

    /** Lines that could not be read, by reason (a copy). */
    Map<String, Long> unparsed() {
        return partial.unparsed();
    }

    /** Reads one printed line (the printf text, without its newline). */
    void accept(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        accept(b, 0, b.length);
    }

    /** Reads one printed line: the printf text in {@code bytes[from, to)}, without its newline. */
    void accept(byte[] bytes, int from, int to) {
        if (to - from < 2 || bytes[from + 1] != '|') {
            count("unknown line");
            return;
        }
        byte code = bytes[from];
        LineFields f = fields.reset(bytes, from + 2, to);
        try {
            switch (code) {
                case 'S' -> call(f);
                case 'T' -> tick(f.number());
                case 'Z' -> {
                    // the heartbeat's padding
                }
                case 'Q' -> ended = true;
                case 'E' -> execs.header(f);
                case 'F' -> execs.file(f);
                case 'Y' -> {
                    long ts = f.number();
                    long tid = f.number();
                    long pid = f.number();
                    long ret = f.number();
                    boolean at = f.number() == 2;
                    long dirfd = f.number();
                    boolean cut = fills(f);
                    out.accept(new SensorRecord.FailedExec(ts, tid, pid, ret, at, dirfd, f.rest(), cut));
                }
                case 'A' -> execs.chunk(f);
                case 'G' -> {
                    long id = f.number();
                    int level = (int) f.number();
                    boolean cut = fills(f);
                    cgroups.name(id, level, f.rest(), cut);
                }
                case 'O' -> out.accept(new SensorRecord.CgroupGone(f.number(), f.number()));
                case 'D' -> {
                    long key = f.number();
                    int level = (int) f.number();
                    boolean cut = level >= 0 && fills(f);
                    exePaths.line(key, level, f.rest(), cut);
                }
                case 'H' -> exePaths.newPeriod();
                case 'V' -> namespaceIds.report(f.number(), f.number(), f.number(), f.number());
                case 'B' -> fork(f);
                case 'C' -> {
                    String call = f.text();
                    out.accept(new SensorRecord.Clone(call, f.number(), f.number(), f.number(), f.number(), f.number(),
                            f.number()));
                }
                case 'X' -> out.accept(new SensorRecord.Exit(f.number(), f.number(), f.number(), f.number(), f.number()));
                case 'P' -> part(f);
                case 'N', 'U' -> net(code == 'N', f);
                case 'K' -> opensLeftInKernel.report(f.number(), f.number());
                case 'W' -> sendsLeftInKernel.report(f.number(), f.number());
                case 'L' -> queueLost.report(f.number(), f.number());
                case 'R' -> registersNotFound.report(f.number(), f.number());
                case 'M' -> entriesMissing.report(f.number(), f.number());
                default -> count("unknown line");
            }
        } catch (RuntimeException e) {
            count("malformed " + (char) code + " line");
            if (LOG.isDebugEnabled()) {
                LOG.debug("could not read the line '{}'", new String(bytes, from, Math.min(to - from, LOGGED_LINE_BYTES),
                        StandardCharsets.UTF_8), e);
            }
        }
    }

    /** Releases every record still waiting for parts (at the end of the stream). */
    void finish() {
        execs.finish();
        for (PendingCall p : new ArrayList<>(calls.values())) {
            emitCall(p, true);
        }
        calls.clear();
    }

    /**
     * A new thread or process, seen once in its parent: the parent's return (unless the parent is the
     * untraced process) and the child's, both at the fork's time, the parent's first.
     */
    private void fork(LineFields f) {
        int index = (int) f.number() - 1;
        if (index < 0 || index >= BpftraceScript.CLONE_CALLS.size()) {
            throw new IllegalArgumentException("no clone call " + (index + 1));
        }
        String call = BpftraceScript.CLONE_CALLS.get(index);
        long ts = f.number();
        long tid = f.number();
        long pid = f.number();
        long child = f.number();
        long flags = f.number();
        long grandparent = f.number();
        boolean traced = f.number() != 0;
        String comm = f.rest();
        if (child <= 0) {
            throw new IllegalArgumentException("child " + child);
        }
        boolean thread = (flags & SensorRecord.Clone.CLONE_THREAD) != 0;
        if (traced) {
            out.accept(new SensorRecord.Clone(call, ts, tid, pid, child, flags, 0));
        }
        long ptid = thread ? pid : (flags & SensorRecord.Clone.CLONE_PARENT) != 0 ? grandparent : tid;
        out.accept(new SensorRecord.Clone(call, ts, child, thread ? pid : child, 0, flags, ptid, comm.isEmpty() ? null : comm));
    }

    private void tick(long now) {
        heartbeat = now;
        execs.expire(now, maxWaitNanos);
        for (Iterator<PendingCall> it = calls.values().iterator(); it.hasNext(); ) {
            PendingCall p = it.next();
            if (now - p.ts > maxWaitNanos) {
                it.remove();
                emitCall(p, true);
            }
        }
    }

    private void call(LineFields f) {
        int index = (int) f.number();
        if (index < 0 || index >= SyscallProbes.BY_INDEX.size()) {
            count("unknown call " + index);
            return;
        }
        SyscallProbe probe = SyscallProbes.BY_INDEX.get(index);
        int numbers = probe.numbers().size();
        boolean hasString = !probe.strings().isEmpty();
        PendingCall p = new PendingCall();
        p.probe = probe;
        p.ts = f.number();
        p.tid = f.number();
        p.pid = f.number();
        p.ret = f.number();
        p.numbers = new long[numbers];
        for (int i = 0; i < numbers; i++) {
            p.numbers[i] = f.number();
        }
        p.strings = new String[probe.strings().size()];
        if (hasString) {
            p.cut |= fills(f) ? 1 : 0;
            p.strings[0] = f.rest();
            p.received = 1;
        }
        if (p.received >= p.strings.length) {
            emitCall(p, false);
            return;
        }
        PendingCall old = calls.put(p.tid, p);
        if (old != null) {
            emitCall(old, true);
        }
    }

    private void part(LineFields f) {
        long ts = f.number();
        long tid = f.number();
        PendingCall p = calls.get(tid);
        if (p == null || p.ts != ts) {
            count("call string without its call");
            return;
        }
        p.cut |= fills(f) ? 1 << p.received : 0;
        p.strings[p.received++] = f.rest();
        if (p.received >= p.strings.length) {
            calls.remove(tid);
            emitCall(p, false);
        }
    }

    private void emitCall(PendingCall p, boolean incomplete) {
        if (incomplete) {
            partial.call(p.ts, "call with parts lost");
        }
        out.accept(new SensorRecord.Call(p.probe, p.ts, p.tid, p.pid, p.ret, p.numbers, p.strings, p.cut));
    }

    private void net(boolean inet, LineFields f) {
        String call = f.text();
        long ts = f.number();
        long tid = f.number();
        long pid = f.number();
        long ret = f.number();
        long fd = f.number();
        // an accepted connection's line says whether its fd closes at an exec
        boolean closeOnExec = call.startsWith("accept") && f.number() != 0;
        if (inet) {
            int family = (int) f.number();
            String localIp = f.text();
            int localPort = (int) f.number();
            String remoteIp = f.text();
            int remotePort = (int) f.number();
            out.accept(new SensorRecord.Net(call, ts, tid, pid, ret, fd, closeOnExec, family, localIp, localPort, remoteIp, remotePort, null));
        } else {
            String path = f.rest();
            out.accept(new SensorRecord.Net(call, ts, tid, pid, ret, fd, closeOnExec, path.isEmpty() ? 0 : 1, null, 0, null, 0,
                    path.isEmpty() ? null : path));
        }
    }

    /**
     * Whether the string that ends the line at {@code f}'s cursor, read with bpftrace's {@code str()}, filled its
     * buffer ({@link BpftraceScript#STRING_BYTES} less the final NUL), so the string in memory may be longer. The
     * bytes printed are counted, not the decoded text: a byte that is not UTF-8 reads as a 3-byte U+FFFD.
     */
    static boolean fills(LineFields f) {
        return f.remaining() >= BpftraceScript.STRING_BYTES - 1;
    }

    private void count(String reason) {
        partial.unparsed(reason);
    }

    private static final class PendingCall {
        SyscallProbe probe;
        long ts;
        long tid;
        long pid;
        long ret;
        long[] numbers;
        String[] strings;
        int received;
        /** Bit i: string i filled its buffer. */
        int cut;
    }
}
