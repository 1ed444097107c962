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
 * Puts a successful exec together from its three kinds of lines: the header ({@code E}, from a kernel
 * queue, so usually last), the file name ({@code F}) and the argument chunks ({@code A}, which follow
 * their file name). An exec whose parts stop coming goes out incomplete, or is only counted when its
 * header never came. Not thread-safe: used by {@link RecordAssembler}'s reading thread.
 */
final class ExecAssembler {

    private final Consumer<SensorRecord> out;
    private final int maxArgBytes;
    private final PartialRecords partial;
    /** Execs waiting for parts, by thread and time: a thread may exec again before the first one's header comes. */
    private final Map<ExecKey, PendingExec> execs = new HashMap<>();
    /** The exec whose file name a thread printed last: its argument chunks come next, without a time. */
    private final Map<Long, PendingExec> lastFile = new HashMap<>();

    ExecAssembler(Consumer<SensorRecord> out, int maxArgBytes, PartialRecords partial) {
        this.out = out;
        this.maxArgBytes = maxArgBytes;
        this.partial = partial;
    }

    /** An {@code E} line: the exec's process, credentials, terminal, argument length, cgroup, capabilities, exe flags and comm. */
    void header(LineFields f) {
        long ts = f.number();
        PendingExec p = pending(f.number(), ts);
        p.header = true;
        p.pid = f.number();
        p.ppid = f.number();
        p.uid = f.number();
        p.euid = f.number();
        p.egid = f.number();
        p.loginUid = f.number();
        p.tty = f.number();
        p.argLength = f.number();
        p.cgroup = f.number();
        p.capInheritable = f.number();
        p.capPermitted = f.number();
        p.capEffective = f.number();
        p.exeFlags = f.number();
        p.namespacePid = f.number();
        p.comm = f.rest();
        long read = Math.min(p.argLength, maxArgBytes);
        p.chunksExpected = (int) ((read + BpftraceScript.ARG_CHUNK_BYTES - 1) / BpftraceScript.ARG_CHUNK_BYTES);
        complete(p);
    }

    /** An {@code F} line: the exec's file name and which call made it. */
    void file(LineFields f) {
        long ts = f.number();
        PendingExec p = pending(f.number(), ts);
        p.execveat = f.number() == 2;
        p.exeKey = f.number();
        p.exeIno = f.number();
        p.exeCtime = f.number();
        p.exeMtime = f.number();
        p.filenameCut = RecordAssembler.fills(f);
        p.filename = f.rest();
        lastFile.put(p.tid, p);
        complete(p);
    }

    /** An {@code A} line: a chunk of the argument area of the exec whose file name its thread printed last. */
    void chunk(LineFields f) {
        PendingExec p = lastFile.get(f.number());
        if (p == null) {
            // A chunk has no time of its own: once detaching began, its exec's file name program may be gone.
            partial.untimed("exec arguments without their exec");
            return;
        }
        long offset = f.number();
        p.chunks.put(offset, f.rawRest());
        complete(p);
    }

    /** Gives up on the execs that waited for parts longer than {@code maxWaitNanos} of kernel time at {@code now}. */
    void expire(long now, long maxWaitNanos) {
        for (Iterator<PendingExec> it = execs.values().iterator(); it.hasNext(); ) {
            PendingExec p = it.next();
            if (now - p.ts > maxWaitNanos) {
                it.remove();
                lastFile.remove(p.tid, p);
                giveUp(p);
            }
        }
    }

    /** Gives up on every exec still waiting for parts (at the end of the stream). */
    void finish() {
        for (PendingExec p : new ArrayList<>(execs.values())) {
            giveUp(p);
        }
        execs.clear();
        lastFile.clear();
    }

    private PendingExec pending(long tid, long ts) {
        return execs.computeIfAbsent(new ExecKey(tid, ts), k -> new PendingExec(tid, ts));
    }

    private void complete(PendingExec p) {
        if (p.header && p.filename != null && p.chunks.size() >= p.chunksExpected) {
            execs.remove(new ExecKey(p.tid, p.ts));
            lastFile.remove(p.tid, p);
            emit(p, false);
        }
    }

    /** Out incomplete, or only counted when the header never came (the header says which process it is). */
    private void giveUp(PendingExec p) {
        if (p.header) {
            emit(p, true);
        } else {
            partial.exec(p.ts, "exec without its header (lost in the kernel)");
        }
    }

    private void emit(PendingExec p, boolean incomplete) {
        if (incomplete) {
            partial.exec(p.ts, "exec with parts lost");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(p.argLength, maxArgBytes));
        for (byte[] chunk : p.chunks.values()) {
            unescapeBytes(chunk, bytes);
        }
        // The last chunk may reach past maxArgBytes: it is printed whole.
        long expected = Math.min(p.argLength, (long) p.chunksExpected * BpftraceScript.ARG_CHUNK_BYTES);
        if (!incomplete && bytes.size() != expected) {
            // A literal "\xNN" in an argument reads like an escape: the split may be off.
            partial.unparsed("exec arguments with ambiguous escapes");
        }
        List<String> argv = split(bytes.toByteArray());
        boolean truncated = p.argLength > maxArgBytes || incomplete;
        String filename = p.filename == null ? "" : p.filename;
        out.accept(new SensorRecord.Exec(p.ts, p.tid, p.pid, p.ppid, p.uid, p.euid, p.egid, p.loginUid, p.tty, p.cgroup,
                p.capInheritable, p.capPermitted, p.capEffective, p.exeFlags, p.namespacePid,
                new SensorRecord.ExeFile(p.exeKey, p.exeIno, p.exeCtime, p.exeMtime, null), p.comm, filename, argv, truncated, p.filenameCut, p.execveat));
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
        long egid;
        long loginUid;
        long tty;
        long argLength;
        long cgroup;
        long capInheritable;
        long capPermitted;
        long capEffective;
        long exeFlags;
        long namespacePid;
        long exeKey;
        long exeIno;
        long exeCtime;
        long exeMtime;
        String comm;
        String filename;
        boolean filenameCut;
        boolean execveat;
        int chunksExpected;
        final TreeMap<Long, byte[]> chunks = new TreeMap<>();

        PendingExec(long tid, long ts) {
            this.tid = tid;
            this.ts = ts;
        }
    }
}
