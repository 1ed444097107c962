package dev.kestrel.sensor.strace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the mapper must remember between records, because strace does not print it on every line:
 * which process a thread belongs to (strace prints thread ids) and each process's working directory
 * (for paths given relative to it). Bounded: entries leave when threads exit or when an exec leaves
 * their process with its leader alone, and the maps are cleared (and counted) if they ever outgrow
 * {@link #MAX_ENTRIES}.
 */
final class TracedThreads {

    static final int MAX_ENTRIES = 1 << 20;

    private final Map<Long, Long> processOf = new HashMap<>();
    private final Map<Long, String> cwdOf = new HashMap<>();
    /** The threads other than the leader of each process, so an exec can forget them. */
    private final Map<Long, Set<Long>> othersOf = new HashMap<>();
    private volatile long resets;

    /** True when {@code tid} was created by a traced clone or known from /proc. */
    boolean known(long tid) {
        return processOf.containsKey(tid);
    }

    /** Thread {@code tid} belongs to process {@code pid} (from /proc at start). */
    void member(long tid, long pid) {
        bound();
        link(tid, pid);
    }

    /** The process (thread group) id of thread {@code tid}; the tid itself when not known otherwise. */
    long process(long tid) {
        Long p = processOf.get(tid);
        return p == null ? tid : p;
    }

    /** The working directory of {@code tid}'s process, or null when not known yet. */
    String cwd(long tid) {
        return cwdOf.get(process(tid));
    }

    /** {@code tid}'s process works in {@code dir} (learnt from {@code AT_FDCWD</dir>}, chdir, /proc). */
    void cwd(long tid, String dir) {
        if (dir != null && dir.startsWith("/")) {
            bound();
            cwdOf.put(process(tid), dir);
        }
    }

    /** Thread {@code parent} created {@code child}: a thread of its own process, or a new process. */
    void created(long parent, long child, boolean sameProcess) {
        bound();
        long parentProcess = process(parent);
        if (sameProcess) {
            link(child, parentProcess);
        } else {
            link(child, child);
            String dir = cwdOf.get(parentProcess);
            if (dir != null) {
                cwdOf.put(child, dir);
            }
        }
    }

    /** Thread {@code tid} ended; its process's directory goes when the process's main thread ends. */
    void exited(long tid) {
        Long p = unlink(tid);
        if (p == null || p == tid) {
            cwdOf.remove(tid);
        }
    }

    /**
     * {@code tid}'s process executed a new program: the kernel ended every other thread of it, and a
     * non-leader thread that called exec took over the leader's id (strace prints no exit for it).
     */
    void execed(long tid) {
        long pid = process(tid);
        Set<Long> others = othersOf.remove(pid);
        if (others != null) {
            for (long t : others) {
                processOf.remove(t, pid);
            }
        }
    }

    /** How often the maps were cleared because they outgrew their bound. */
    long resets() {
        return resets;
    }

    private void link(long tid, long pid) {
        Long before = processOf.put(tid, pid);
        if (before != null && before != pid && before != tid) {
            forgetOther(before, tid);
        }
        if (tid != pid) {
            othersOf.computeIfAbsent(pid, k -> new HashSet<>()).add(tid);
        }
    }

    /** Forgets thread {@code tid}; returns the process it belonged to, or null. */
    private Long unlink(long tid) {
        Long p = processOf.remove(tid);
        if (p != null && p != tid) {
            forgetOther(p, tid);
        }
        return p;
    }

    private void forgetOther(long pid, long tid) {
        Set<Long> others = othersOf.get(pid);
        if (others != null) {
            others.remove(tid);
            if (others.isEmpty()) {
                othersOf.remove(pid);
            }
        }
    }

    private void bound() {
        if (processOf.size() >= MAX_ENTRIES || cwdOf.size() >= MAX_ENTRIES) {
            processOf.clear();
            cwdOf.clear();
            othersOf.clear();
            resets++;
        }
    }
}
