package dev.kestrel.sensor.ebpf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the program's printed lines (see {@link BpftraceScript}) into complete {@link SensorRecord}s:
 * an exec waits for its header, file name and argument chunks (the header comes from a kernel queue,
 * so usually last), a call with several strings for its {@code P} lines. Parts that never come (lost
 * events) are given up after {@code maxWaitNanos} of kernel time and the record goes out incomplete,
 * counted. Lines that cannot be read are counted by reason. Not thread-safe: one assembler per
 * reading thread.
 */
final class RecordAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordAssembler.class);
    /** How much of a line that could not be read the debug log shows. */
    private static final int LOGGED_LINE_BYTES = 300;

    private final Consumer<SensorRecord> out;
    private final CgroupNames cgroups;
    private final int maxArgBytes;
    private final long maxWaitNanos;
    /** Execs waiting for parts, by thread and time: a thread may exec again before the first one's header comes. */
    private final Map<ExecKey, PendingExec> execs = new HashMap<>();
    /** The exec whose file name a thread printed last: its argument chunks come next, without a time. */
    private final Map<Long, PendingExec> lastFile = new HashMap<>();
    private final Map<Long, PendingCall> calls = new HashMap<>();
    private final Map<String, Long> unparsed = new TreeMap<>();
    private final LineFields fields = new LineFields();
    private long heartbeat;
    private volatile boolean ended;
    private long attachedAt = Long.MAX_VALUE;
    private final AtomicLong seenWhileAttaching = new AtomicLong();
    /** When the probes began to be detached (kernel time), or {@link Long#MAX_VALUE} before. */
    private volatile long detachingFrom = Long.MAX_VALUE;
    private final AtomicLong seenWhileDetaching = new AtomicLong();
    private final CpuCounter opensLeftInKernel = new CpuCounter();
    private final CpuCounter queueLost = new CpuCounter();
    private final CpuCounter registersNotFound = new CpuCounter();

    RecordAssembler(Consumer<SensorRecord> out, CgroupNames cgroups, int maxArgBytes, long maxWaitNanos) {
        this.out = out;
        this.cgroups = cgroups;
        this.maxArgBytes = maxArgBytes;
        this.maxWaitNanos = maxWaitNanos;
    }

    /**
     * Tells the kernel time by which every probe was attached (the readiness check's exec): an exec
     * missing parts before that is counted in {@link #seenWhileAttaching()}, after it as lost parts.
     */
    void attachedAt(long kernelTime) {
        attachedAt = kernelTime;
    }

    /** Execs seen in part while the probes were being attached (delivered, marked truncated). */
    long seenWhileAttaching() {
        return seenWhileAttaching.get();
    }

    /**
     * Tells the kernel time at which bpftrace was asked to end (the clock of {@link System#nanoTime()}).
     * It detaches its probes one by one, over seconds: from then on a call or exec missing parts, or
     * exec arguments arriving without their exec, count in {@link #seenWhileDetaching()}, not as lost
     * or not understood. Any thread.
     */
    void detachingFrom(long kernelTime) {
        detachingFrom = kernelTime;
    }

    /**
     * Records seen in part while the probes were being detached: execs and calls delivered incomplete
     * (marked truncated), and execs or argument chunks that came without the part naming their process.
     */
    long seenWhileDetaching() {
        return seenWhileDetaching.get();
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

    /** Records the kernel's queues had no room for, as its {@code L|cpu|count} lines last said ({@link KernelQueues}). */
    long queueLost() {
        return queueLost.total();
    }

    /** Calls the kernel could not print because their saved registers were not found (R lines). */
    long registersNotFound() {
        return registersNotFound.total();
    }

    /** Lines that could not be read, by reason (a copy). */
    Map<String, Long> unparsed() {
        return new TreeMap<>(unparsed);
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
                case 'E' -> exec(f);
                case 'F' -> file(f);
                case 'Y' -> {
                    long ts = f.number();
                    long tid = f.number();
                    long pid = f.number();
                    long ret = f.number();
                    boolean at = f.number() == 2;
                    long dirfd = f.number();
                    String file = f.rest();
                    out.accept(new SensorRecord.FailedExec(ts, tid, pid, ret, at, dirfd, file, filled(file)));
                }
                case 'A' -> args(f);
                case 'G' -> {
                    long id = f.number();
                    int level = (int) f.number();
                    cgroups.name(id, level, f.rest());
                }
                case 'B' -> fork(f);
                case 'C' -> {
                    String call = f.text();
                    out.accept(new SensorRecord.Clone(call, f.number(), f.number(), f.number(), f.number(), f.number(),
                            f.number()));
                }
                case 'X' -> out.accept(new SensorRecord.Exit(f.number(), f.number(), f.number(), f.number()));
                case 'P' -> part(f);
                case 'N', 'U' -> net(code == 'N', f);
                case 'K' -> opensLeftInKernel.report(f.number(), f.number());
                case 'L' -> queueLost.report(f.number(), f.number());
                case 'R' -> registersNotFound.report(f.number(), f.number());
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
        for (PendingExec p : new ArrayList<>(execs.values())) {
            giveUp(p);
        }
        execs.clear();
        lastFile.clear();
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
        if (child <= 0) {
            throw new IllegalArgumentException("child " + child);
        }
        boolean thread = (flags & SensorRecord.Clone.CLONE_THREAD) != 0;
        if (traced) {
            out.accept(new SensorRecord.Clone(call, ts, tid, pid, child, flags, 0));
        }
        long ptid = thread ? pid : (flags & SensorRecord.Clone.CLONE_PARENT) != 0 ? grandparent : tid;
        out.accept(new SensorRecord.Clone(call, ts, child, thread ? pid : child, 0, flags, ptid));
    }

    private void tick(long now) {
        heartbeat = now;
        for (Iterator<PendingExec> it = execs.values().iterator(); it.hasNext(); ) {
            PendingExec p = it.next();
            if (now - p.ts > maxWaitNanos) {
                it.remove();
                lastFile.remove(p.tid, p);
                giveUp(p);
            }
        }
        for (Iterator<PendingCall> it = calls.values().iterator(); it.hasNext(); ) {
            PendingCall p = it.next();
            if (now - p.ts > maxWaitNanos) {
                it.remove();
                emitCall(p, true);
            }
        }
    }

    private PendingExec pending(long tid, long ts) {
        return execs.computeIfAbsent(new ExecKey(tid, ts), k -> new PendingExec(tid, ts));
    }

    private void exec(LineFields f) {
        long ts = f.number();
        PendingExec p = pending(f.number(), ts);
        p.header = true;
        p.pid = f.number();
        p.ppid = f.number();
        p.uid = f.number();
        p.euid = f.number();
        p.gid = f.number();
        p.loginUid = f.number();
        p.tty = f.number();
        p.argLength = f.number();
        p.cgroup = f.number();
        p.comm = f.rest();
        long read = Math.min(p.argLength, maxArgBytes);
        p.chunksExpected = (int) ((read + BpftraceScript.ARG_CHUNK_BYTES - 1) / BpftraceScript.ARG_CHUNK_BYTES);
        complete(p);
    }

    private void file(LineFields f) {
        long ts = f.number();
        PendingExec p = pending(f.number(), ts);
        p.execveat = f.number() == 2;
        p.filename = f.rest();
        lastFile.put(p.tid, p);
        complete(p);
    }

    private void args(LineFields f) {
        PendingExec p = lastFile.get(f.number());
        if (p == null) {
            // A chunk has no time of its own: once detaching began, its exec's file name program may be gone.
            if (detachingFrom != Long.MAX_VALUE) {
                seenWhileDetaching.incrementAndGet();
            } else {
                count("exec arguments without their exec");
            }
            return;
        }
        long offset = f.number();
        p.chunks.put(offset, f.rawRest());
        complete(p);
    }

    private void complete(PendingExec p) {
        if (p.header && p.filename != null && p.chunks.size() >= p.chunksExpected) {
            execs.remove(new ExecKey(p.tid, p.ts));
            lastFile.remove(p.tid, p);
            emit(p, false);
        }
    }

    /**
     * An exec whose parts stopped coming: out incomplete, or only counted when its header never came
     * (the header says which process it is).
     */
    private void giveUp(PendingExec p) {
        if (p.header) {
            emit(p, true);
        } else {
            seenInPart(p.ts, "exec without its header (lost in the kernel)");
        }
    }

    /**
     * Counts an exec at kernel time {@code ts} that was seen in part: while the probes were being
     * attached (the three exec programs attach one after the other) or detached, else lost ({@code reason}).
     */
    private void seenInPart(long ts, String reason) {
        if (ts < attachedAt) {
            seenWhileAttaching.incrementAndGet();
        } else if (ts >= detachingFrom) {
            seenWhileDetaching.incrementAndGet();
        } else {
            count(reason);
        }
    }

    private void emit(PendingExec p, boolean incomplete) {
        if (incomplete) {
            seenInPart(p.ts, "exec with parts lost");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(p.argLength, maxArgBytes));
        for (byte[] chunk : p.chunks.values()) {
            unescapeBytes(chunk, bytes);
        }
        // The last chunk may reach past maxArgBytes: it is printed whole.
        long expected = Math.min(p.argLength, (long) p.chunksExpected * BpftraceScript.ARG_CHUNK_BYTES);
        if (!incomplete && bytes.size() != expected) {
            // A literal "\xNN" in an argument reads like an escape: the split may be off.
            count("exec arguments with ambiguous escapes");
        }
        List<String> argv = split(bytes.toByteArray());
        boolean truncated = p.argLength > maxArgBytes || incomplete;
        String filename = p.filename == null ? "" : p.filename;
        out.accept(new SensorRecord.Exec(p.ts, p.tid, p.pid, p.ppid, p.uid, p.euid, p.gid, p.loginUid, p.tty, p.cgroup,
                p.comm, filename, argv, truncated, filled(filename), p.execveat));
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
        p.strings[p.received++] = f.rest();
        if (p.received >= p.strings.length) {
            calls.remove(tid);
            emitCall(p, false);
        }
    }

    private void emitCall(PendingCall p, boolean incomplete) {
        if (incomplete) {
            if (p.ts >= detachingFrom) {
                seenWhileDetaching.incrementAndGet();
            } else {
                count("call with parts lost");
            }
        }
        int cut = 0;
        for (int i = 0; i < p.strings.length; i++) {
            if (filled(p.strings[i])) {
                cut |= 1 << i;
            }
        }
        out.accept(new SensorRecord.Call(p.probe, p.ts, p.tid, p.pid, p.ret, p.numbers, p.strings, cut));
    }

    private void net(boolean inet, LineFields f) {
        String call = f.text();
        long ts = f.number();
        long tid = f.number();
        long pid = f.number();
        long ret = f.number();
        long fd = f.number();
        if (inet) {
            int family = (int) f.number();
            String localIp = f.text();
            int localPort = (int) f.number();
            String remoteIp = f.text();
            int remotePort = (int) f.number();
            out.accept(new SensorRecord.Net(call, ts, tid, pid, ret, fd, family, localIp, localPort, remoteIp, remotePort, null));
        } else {
            String path = f.rest();
            out.accept(new SensorRecord.Net(call, ts, tid, pid, ret, fd, path.isEmpty() ? 0 : 1, null, 0, null, 0,
                    path.isEmpty() ? null : path));
        }
    }

    /**
     * Whether a string read with bpftrace's {@code str()} filled its buffer ({@link BpftraceScript#STRING_BYTES}
     * less the final NUL, counted in UTF-8 bytes), so the string in memory may be longer.
     */
    static boolean filled(String s) {
        int limit = BpftraceScript.STRING_BYTES - 1;
        if (s == null || s.length() * 3 < limit) {
            return false;
        }
        if (s.length() >= limit) {
            return true;
        }
        return s.getBytes(StandardCharsets.UTF_8).length >= limit;
    }

    private void count(String reason) {
        unparsed.merge(reason, 1L, Long::sum);
    }

    /** bpftrace's {@code %r}: printable bytes as themselves, others as {@code \\xNN}. */
    static void unescapeBytes(byte[] raw, ByteArrayOutputStream out) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && raw[i + 1] == 'x' && hex(raw[i + 2]) >= 0 && hex(raw[i + 3]) >= 0) {
                out.write(hex(raw[i + 2]) * 16 + hex(raw[i + 3]));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    /** The NUL-separated strings of an argument area (a last unterminated one included). */
    static List<String> split(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private record ExecKey(long tid, long ts) {
    }

    private static final class PendingExec {
        final long ts;
        final long tid;
        boolean header;
        long pid;
        long ppid;
        long uid;
        long euid;
        long gid;
        long loginUid;
        long tty;
        long argLength;
        long cgroup;
        String comm;
        String filename;
        boolean execveat;
        int chunksExpected;
        final TreeMap<Long, byte[]> chunks = new TreeMap<>();

        PendingExec(long tid, long ts) {
            this.tid = tid;
            this.ts = ts;
        }
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
    }
}
