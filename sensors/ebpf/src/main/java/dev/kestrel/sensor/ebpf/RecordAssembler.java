package dev.kestrel.sensor.ebpf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns the program's printed lines (see {@link BpftraceScript}) into complete {@link SensorRecord}s:
 * an exec waits for its file name and argument chunks, a call with several strings for its
 * {@code P} lines. Parts that never come (lost events) are given up after {@code maxWaitNanos} of
 * kernel time and the record goes out incomplete, counted. Lines that cannot be read are counted by
 * reason. Not thread-safe: one assembler per reading thread.
 */
final class RecordAssembler {

    private final Consumer<SensorRecord> out;
    private final CgroupNames cgroups;
    private final int maxArgBytes;
    private final long maxWaitNanos;
    private final Map<Long, PendingExec> execs = new HashMap<>();
    private final Map<Long, PendingCall> calls = new HashMap<>();
    private final Map<String, Long> unparsed = new TreeMap<>();
    private long heartbeat;

    RecordAssembler(Consumer<SensorRecord> out, CgroupNames cgroups, int maxArgBytes, long maxWaitNanos) {
        this.out = out;
        this.cgroups = cgroups;
        this.maxArgBytes = maxArgBytes;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** The kernel time of the last heartbeat ({@code T} line), or 0. */
    long heartbeat() {
        return heartbeat;
    }

    /** Lines that could not be read, by reason (a copy). */
    Map<String, Long> unparsed() {
        return new TreeMap<>(unparsed);
    }

    /** Reads one printed line (the printf text, without its newline). */
    void accept(String data) {
        if (data.length() < 2 || data.charAt(1) != '|') {
            count("unknown line");
            return;
        }
        try {
            switch (data.charAt(0)) {
                case 'T' -> tick(Long.parseUnsignedLong(data.substring(2)));
                case 'E' -> exec(data.split("\\|", 13));
                case 'F' -> file(data.split("\\|", 4));
                case 'A' -> args(data.split("\\|", 4));
                case 'G' -> {
                    String[] f = data.split("\\|", 4);
                    cgroups.name(Long.parseUnsignedLong(f[1]), Integer.parseInt(f[2]), f[3]);
                }
                case 'C' -> {
                    String[] f = data.split("\\|", 8);
                    out.accept(new SensorRecord.Clone(f[1], Long.parseUnsignedLong(f[2]), num(f[3]), num(f[4]), num(f[5]),
                            Long.parseUnsignedLong(f[6]), num(f[7])));
                }
                case 'X' -> {
                    String[] f = data.split("\\|", 5);
                    out.accept(new SensorRecord.Exit(Long.parseUnsignedLong(f[1]), num(f[2]), num(f[3]), num(f[4])));
                }
                case 'S' -> call(data);
                case 'P' -> part(data.split("\\|", 4));
                case 'N', 'U' -> net(data);
                default -> count("unknown line");
            }
        } catch (RuntimeException e) {
            count("malformed " + data.charAt(0) + " line");
        }
    }

    /** Releases every record still waiting for parts (at the end of the stream). */
    void finish() {
        for (PendingExec p : new ArrayList<>(execs.values())) {
            emit(p, true);
        }
        execs.clear();
        for (PendingCall p : new ArrayList<>(calls.values())) {
            emitCall(p, true);
        }
        calls.clear();
    }

    private void tick(long now) {
        heartbeat = now;
        for (Iterator<PendingExec> it = execs.values().iterator(); it.hasNext(); ) {
            PendingExec p = it.next();
            if (now - p.ts > maxWaitNanos) {
                it.remove();
                emit(p, true);
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

    private void exec(String[] f) {
        long tid = num(f[2]);
        PendingExec old = execs.remove(tid);
        if (old != null) {
            emit(old, true);
        }
        PendingExec p = new PendingExec();
        p.ts = Long.parseUnsignedLong(f[1]);
        p.tid = tid;
        p.pid = num(f[3]);
        p.ppid = num(f[4]);
        p.uid = num(f[5]);
        p.euid = num(f[6]);
        p.gid = num(f[7]);
        p.loginUid = num(f[8]);
        p.tty = Long.parseUnsignedLong(f[9]);
        p.argLength = num(f[10]);
        p.cgroup = Long.parseUnsignedLong(f[11]);
        p.comm = f[12];
        long read = Math.min(p.argLength, maxArgBytes);
        p.chunksExpected = (int) ((read + BpftraceScript.ARG_CHUNK_BYTES - 1) / BpftraceScript.ARG_CHUNK_BYTES);
        execs.put(tid, p);
    }

    private void file(String[] f) {
        PendingExec p = execs.get(num(f[2]));
        if (p == null || p.ts != Long.parseUnsignedLong(f[1])) {
            count("exec file name without its exec");
            return;
        }
        p.filename = f[3];
        complete(p);
    }

    private void args(String[] f) {
        PendingExec p = execs.get(num(f[1]));
        if (p == null) {
            count("exec arguments without their exec");
            return;
        }
        p.chunks.put(num(f[2]), f[3]);
        complete(p);
    }

    private void complete(PendingExec p) {
        if (p.filename != null && p.chunks.size() >= p.chunksExpected) {
            execs.remove(p.tid);
            emit(p, false);
        }
    }

    private void emit(PendingExec p, boolean incomplete) {
        if (incomplete) {
            count("exec with parts lost");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(p.argLength, maxArgBytes));
        for (String chunk : p.chunks.values()) {
            unescapeBytes(chunk, bytes);
        }
        long expected = Math.min(p.argLength, maxArgBytes);
        if (!incomplete && bytes.size() != expected) {
            // A literal "\xNN" in an argument reads like an escape: the split may be off.
            count("exec arguments with ambiguous escapes");
        }
        List<String> argv = split(bytes.toByteArray());
        boolean truncated = p.argLength > maxArgBytes || incomplete;
        String filename = p.filename == null ? "" : p.filename;
        out.accept(new SensorRecord.Exec(p.ts, p.tid, p.pid, p.ppid, p.uid, p.euid, p.gid, p.loginUid, p.tty, p.cgroup,
                p.comm, filename, argv, truncated, filename.length() >= BpftraceScript.STRING_BYTES - 1));
    }

    private void call(String data) {
        String[] head = data.split("\\|", 3);
        SyscallProbe probe = SyscallProbes.BY_SYSCALL.get(head[1]);
        if (probe == null) {
            count("unknown call " + head[1]);
            return;
        }
        int numbers = probe.numbers().size();
        boolean hasString = !probe.strings().isEmpty();
        String[] f = data.split("\\|", 6 + numbers + (hasString ? 1 : 0));
        PendingCall p = new PendingCall();
        p.probe = probe;
        p.ts = Long.parseUnsignedLong(f[2]);
        p.tid = num(f[3]);
        p.pid = num(f[4]);
        p.ret = num(f[5]);
        p.numbers = new long[numbers];
        for (int i = 0; i < numbers; i++) {
            p.numbers[i] = num(f[6 + i]);
        }
        p.strings = new String[probe.strings().size()];
        if (hasString) {
            p.strings[0] = f[6 + numbers];
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

    private void part(String[] f) {
        long tid = num(f[2]);
        PendingCall p = calls.get(tid);
        if (p == null || p.ts != Long.parseUnsignedLong(f[1])) {
            count("call string without its call");
            return;
        }
        p.strings[p.received++] = f[3];
        if (p.received >= p.strings.length) {
            calls.remove(tid);
            emitCall(p, false);
        }
    }

    private void emitCall(PendingCall p, boolean incomplete) {
        if (incomplete) {
            count("call with parts lost");
        }
        boolean truncated = incomplete;
        for (String s : p.strings) {
            if (s != null && s.length() >= BpftraceScript.STRING_BYTES - 1) {
                truncated = true;
            }
        }
        out.accept(new SensorRecord.Call(p.probe, p.ts, p.tid, p.pid, p.ret, p.numbers, p.strings, truncated));
    }

    private void net(String data) {
        boolean inet = data.charAt(0) == 'N';
        String[] f = data.split("\\|", inet ? 12 : 8);
        long ts = Long.parseUnsignedLong(f[2]);
        if (inet) {
            out.accept(new SensorRecord.Net(f[1], ts, num(f[3]), num(f[4]), num(f[5]), num(f[6]), Integer.parseInt(f[7]),
                    f[8], Integer.parseInt(f[9]), f[10], Integer.parseInt(f[11]), null));
        } else {
            String path = f[7];
            out.accept(new SensorRecord.Net(f[1], ts, num(f[3]), num(f[4]), num(f[5]), num(f[6]), path.isEmpty() ? 0 : 1,
                    null, 0, null, 0, path.isEmpty() ? null : path));
        }
    }

    private void count(String reason) {
        unparsed.merge(reason, 1L, Long::sum);
    }

    private static long num(String s) {
        return Long.parseLong(s);
    }

    /** bpftrace's {@code %r}: printable bytes as themselves, others as {@code \xNN}. */
    static void unescapeBytes(String s, ByteArrayOutputStream out) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
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

    private static final class PendingExec {
        long ts;
        long tid;
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
        int chunksExpected;
        final TreeMap<Long, String> chunks = new TreeMap<>();
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
