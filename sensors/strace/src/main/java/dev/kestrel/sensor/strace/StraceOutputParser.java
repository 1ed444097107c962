package dev.kestrel.sensor.strace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns the lines of {@code strace -f -ttt -yy} output into {@link StraceRecord}s, in order: joins
 * each {@code <unfinished ...>} line with its {@code <... resumed>} line of the same pid (other pids'
 * lines may come in between), and counts every line it cannot use by reason and system call instead
 * of failing. Not thread-safe for feeding (one reader thread); {@link #unparsed()} may be read from
 * any thread.
 *
 * <p>Ordering fix: strace may print a new child's first call before its parent's
 * {@code clone}/{@code fork}/{@code vfork} resumes. When a pid never seen before shows up while a
 * clone-family call is pending, that call is completed on the spot with the new pid as its result,
 * so the process tree is known before the child's events; the later resumed line is then skipped
 * (counted when its real result names another child). A child returned by a finished clone-family
 * call counts as seen, so its first line completes no other process's pending clone.
 */
public final class StraceOutputParser {

    /** At most this many calls may wait for their resumed half; more are counted and dropped. */
    static final int MAX_PENDING = 65_536;
    /** The set of live pids seen is reset (and counted) when it grows past this bound. */
    static final int MAX_SEEN = 1 << 20;

    /**
     * A call waiting for its resumed half.
     *
     * @param completedEarly already emitted (a clone completed when its child showed up first)
     * @param earlyChild the child pid the early completion used, else 0
     * @param superseded an execve whose thread took over the leader's pid: it succeeded, whatever
     *                   result strace prints (with --seccomp-bpf strace prints a bogus {@code -1 (errno ...)})
     */
    private record Pending(long timeNanos, String name, String head, boolean completedEarly, long earlyChild,
                           boolean superseded) {
    }

    private final StraceLineParser lines;
    private final Consumer<StraceRecord> out;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Set<Long> seen = new HashSet<>();
    private final Map<String, LongAdder> unparsed = new ConcurrentHashMap<>();
    private final LongAdder records = new LongAdder();
    private final LongAdder messages = new LongAdder();

    /**
     * @param defaultPid the pid of lines printed without a pid prefix (the traced command's first
     *                   process when strace writes to stderr); use -1 when unknown
     * @param out receives each complete record, in order
     */
    public StraceOutputParser(long defaultPid, Consumer<StraceRecord> out) {
        this.lines = new StraceLineParser(defaultPid);
        this.out = out;
    }

    /** Tells the parser about pids that existed before tracing started (attach mode). */
    public void knownPid(long pid) {
        seen.add(pid);
    }

    /** Counts a line that was not read, being longer than {@code limit} bytes. */
    public void lineTooLong(int limit) {
        count("line longer than " + limit + " bytes (not read)", null);
    }

    /** Parses one line of strace output. */
    public void accept(String line) {
        ParsedLine parsed = lines.parse(line);
        if (parsed instanceof ParsedLine.Whole w) {
            StraceRecord r = w.record();
            noticePid(r.pid());
            if (r instanceof ExitRecord) {
                Pending lost = pending.remove(r.pid());
                if (lost != null && !lost.completedEarly()) {
                    count("call unfinished at exit", lost.name());
                }
                seen.remove(r.pid());
            }
            emit(r);
        } else if (parsed instanceof ParsedLine.Unfinished u) {
            noticePid(u.pid());
            if (pending.size() >= MAX_PENDING) {
                count("too many unfinished calls", u.name());
                return;
            }
            Pending before = pending.put(u.pid(), new Pending(u.timeNanos(), u.name(), u.argsHead(), false, 0, false));
            if (before != null && !before.completedEarly()) {
                count("unfinished call never resumed", before.name());
            }
        } else if (parsed instanceof ParsedLine.Resumed r) {
            resumed(r);
        } else if (parsed instanceof ParsedLine.Superseded sup) {
            // The execve started in thread `former` finishes under the leader's pid.
            Pending exec = pending.remove(sup.former());
            seen.remove(sup.former());
            if (exec != null) {
                Pending lost = pending.put(sup.leader(), new Pending(exec.timeNanos(), exec.name(), exec.head(),
                        exec.completedEarly(), exec.earlyChild(), true));
                if (lost != null && !lost.completedEarly()) {
                    count("call unfinished when another thread's exec took over the process", lost.name());
                }
            }
        } else if (parsed instanceof ParsedLine.Message) {
            messages.increment();
        } else if (parsed instanceof ParsedLine.Garbage g) {
            count(g.reason(), g.syscall());
        }
    }

    /** Ends the stream: calls still waiting for their resumed half are counted as lost. */
    public void finish() {
        for (Pending p : pending.values()) {
            if (!p.completedEarly()) {
                count("unfinished at end of trace", p.name());
            }
        }
        pending.clear();
    }

    /** Lines that could not be used, by {@code reason} or {@code reason (syscall)}; sorted, a copy. */
    public Map<String, Long> unparsed() {
        Map<String, Long> copy = new TreeMap<>();
        unparsed.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Number of records emitted so far. */
    public long records() {
        return records.sum();
    }

    /** Number of strace's own messages seen (attach/detach notices, warnings). */
    public long messages() {
        return messages.sum();
    }

    private void resumed(ParsedLine.Resumed r) {
        Pending p = pending.remove(r.pid());
        if (p == null || !p.name().equals(r.name())) {
            if (p != null) {
                pending.put(r.pid(), p);
            }
            count("resumed without unfinished", r.name());
            return;
        }
        ParsedLine joined = lines.call(r.pid(), r.timeNanos(), r.name(), p.head() + r.tail());
        if (p.completedEarly()) {
            if (joined instanceof ParsedLine.Whole w && w.record() instanceof SyscallRecord s
                    && s.returnValue() != p.earlyChild()) {
                // The early completion paired the call with the wrong child; the event is already out.
                count("clone resumed with another child than the one its early completion used", p.name());
                rememberChild(s);
            }
            return;
        }
        if (joined instanceof ParsedLine.Whole w) {
            if (p.superseded() && w.record() instanceof SyscallRecord s && !s.succeeded()) {
                emit(new SyscallRecord(s.pid(), s.timeNanos(), s.name(), s.args(), true, 0, null, null));
                return;
            }
            emit(w.record());
        } else if (joined instanceof ParsedLine.Garbage g) {
            count(g.reason(), g.syscall());
        }
    }

    /** Records a pid; a new one completes a pending clone-family call early (see the class doc). */
    private void noticePid(long pid) {
        if (seen.contains(pid)) {
            return;
        }
        remember(pid);
        Map.Entry<Long, Pending> parent = null;
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (!p.completedEarly() && isCloneFamily(p.name()) && e.getKey() != pid
                    && (parent == null || p.timeNanos() < parent.getValue().timeNanos())) {
                parent = e;
            }
        }
        if (parent == null) {
            return;
        }
        Pending p = parent.getValue();
        ParsedLine early = lines.call(parent.getKey(), p.timeNanos(), p.name(), p.head() + ") = " + pid);
        if (early instanceof ParsedLine.Whole w) {
            parent.setValue(new Pending(p.timeNanos(), p.name(), p.head(), true, pid, false));
            emit(w.record());
        }
    }

    /** Adds {@code pid} to the bounded set of pids seen. */
    private void remember(long pid) {
        if (seen.contains(pid)) {
            return;
        }
        if (seen.size() >= MAX_SEEN) {
            seen.clear();
            count("pid set reset", null);
        }
        seen.add(pid);
    }

    /** The child of a finished clone-family call is a known pid: its first line is no sign of a pending clone's child. */
    private void rememberChild(StraceRecord r) {
        if (r instanceof SyscallRecord s && isCloneFamily(s.name()) && s.succeeded() && s.returnValue() > 0) {
            remember(s.returnValue());
        }
    }

    private static boolean isCloneFamily(String name) {
        return name.equals("clone") || name.equals("clone3") || name.equals("fork") || name.equals("vfork");
    }

    private void emit(StraceRecord r) {
        rememberChild(r);
        records.increment();
        out.accept(r);
    }

    private void count(String reason, String syscall) {
        unparsed.computeIfAbsent(syscall == null ? reason : reason + " (" + syscall + ")", k -> new LongAdder())
                .increment();
    }
}
