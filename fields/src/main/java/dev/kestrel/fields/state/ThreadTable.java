package dev.kestrel.fields.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Threads and processes by id, with the process tree. Bounded by {@link StateLimits#maxThreads}: when
 * full, the stalest processes without live children are evicted first, so an ancestor of a live
 * process always outlives its descendants. Exits re-parent children to the reaper, as the kernel does.
 */
public final class ThreadTable {

    private final LongObjectMap<ThreadInfo> threads = new LongObjectMap<>(1024);
    private final LongObjectMap<ProcessInfo> processes = new LongObjectMap<>(1024);
    private final int maxThreads;
    private final StateBytes bytes;
    private long lastFruitlessScan = Long.MIN_VALUE;
    long evicted;
    long evictedForBytes;
    long purged;
    long exited;
    long dropped;
    private int orphansWaiting;

    ThreadTable(int maxThreads, StateBytes bytes) {
        this.maxThreads = maxThreads;
        this.bytes = bytes;
    }

    /** The estimated bytes the process, thread and fd tables hold. */
    public long bytes() {
        return bytes.total;
    }

    public ThreadInfo thread(long tid) {
        return threads.get(tid);
    }

    public ProcessInfo process(long pid) {
        return processes.get(pid);
    }

    public int threadCount() {
        return threads.size();
    }

    public int processCount() {
        return processes.size();
    }

    /** Every live process, in pid order (allocates; for tests and listings). */
    public List<ProcessInfo> processes() {
        List<ProcessInfo> out = new ArrayList<>();
        processes.forEachSorted((k, v) -> out.add(v));
        return out;
    }

    /** Every thread, in tid order (allocates; for tests and listings). */
    public List<ThreadInfo> threads() {
        List<ThreadInfo> out = new ArrayList<>();
        threads.forEachSorted((k, v) -> out.add(v));
        return out;
    }

    /**
     * Creates process {@code pid} (or returns it) with a main thread, making room first; null when
     * the table is full of processes that cannot be evicted (counted as dropped).
     */
    ProcessInfo createProcess(long pid, long ppid, long now) {
        ProcessInfo p = processes.get(pid);
        if (p != null) {
            return p;
        }
        if (!makeRoom(1, ppid)) {
            dropped++;
            return null;
        }
        p = new ProcessInfo(pid);
        p.fds = new FdTable(bytes);
        p.charged = StateBytes.PROCESS;
        bytes.total += StateBytes.PROCESS;
        p.ppid = ppid;
        p.startNanos = now;
        p.lastEventNanos = now;
        processes.put(pid, p);
        ProcessInfo parent = ppid > 0 ? processes.get(ppid) : null;
        if (parent != null && parent != p) {
            link(p, parent);
        } else if (ppid > 0) {
            orphansWaiting++;
        }
        if (orphansWaiting > 0) {
            adoptWaitingChildren(p);
        }
        if (addThread(pid, p, now) == null) {
            removeProcess(p, null);
            return null;
        }
        return p;
    }

    /** Adds thread {@code tid} to {@code p} (or returns the existing one); null when there is no room. */
    ThreadInfo addThread(long tid, ProcessInfo p, long now) {
        ThreadInfo t = threads.get(tid);
        if (t != null) {
            return t;
        }
        if (threads.size() >= maxThreads && !makeRoom(1, p.pid)) {
            dropped++;
            return null;
        }
        t = new ThreadInfo(tid, p);
        t.madeNanos = now;
        t.lastEventNanos = now;
        threads.put(tid, t);
        bytes.total += StateBytes.THREAD;
        p.threads.add(t);
        p.liveThreads++;
        return t;
    }

    private void adoptWaitingChildren(ProcessInfo p) {
        List<ProcessInfo> adopt = new ArrayList<>();
        processes.forEachValue(c -> {
            if (c.parent == null && c.ppid == p.pid && c != p) {
                adopt.add(c);
            }
        });
        for (ProcessInfo c : adopt) {
            if (!isAncestor(c, p)) {
                link(c, p);
                orphansWaiting--;
            }
        }
    }

    /**
     * Gives {@code child} the parent {@code ppid} names when its parent is not known yet (an execve's
     * {@code ptid}, for a process whose clone was not seen); a known parent is kept.
     */
    void parentIfUnknown(ProcessInfo child, long ppid) {
        if (child.parent != null || ppid <= 0 || ppid == child.pid) {
            return;
        }
        ProcessInfo parent = processes.get(ppid);
        if (parent == null || isAncestor(child, parent)) {
            if (child.ppid <= 0) {
                child.ppid = ppid;
            }
            return;
        }
        if (child.ppid > 0 && orphansWaiting > 0) {
            orphansWaiting--;
        }
        child.ppid = ppid;
        link(child, parent);
    }

    /**
     * Gives {@code child} the parent {@code ppid} names at its exec, the kernel's word on who its parent
     * is now: a known parent that differs (the child was re-parented to a subreaper such as
     * {@code containerd-shim}, which the table does not follow) is replaced when the named one is known.
     */
    void parentAtExec(ProcessInfo child, long ppid) {
        if (child.parent == null) {
            parentIfUnknown(child, ppid);
            return;
        }
        if (ppid <= 0 || ppid == child.pid || child.parent.pid == ppid) {
            return;
        }
        ProcessInfo parent = processes.get(ppid);
        if (parent != null && !isAncestor(child, parent)) {
            link(child, parent);
        }
    }

    /** True if {@code maybeAncestor} is {@code p} or above it in the tree. */
    static boolean isAncestor(ProcessInfo maybeAncestor, ProcessInfo p) {
        for (ProcessInfo x = p; x != null; x = x.parent) {
            if (x == maybeAncestor) {
                return true;
            }
        }
        return false;
    }

    void link(ProcessInfo child, ProcessInfo parent) {
        if (child.parent != null) {
            child.parent.children.remove(child);
        }
        if (parent == null || isAncestor(child, parent)) {
            child.parent = null;
            return;
        }
        child.parent = parent;
        child.ppid = parent.pid;
        parent.children.add(child);
    }

    /**
     * Removes thread {@code tid}; when it was the last thread of its process the process exits: its
     * children go to {@code reaper} (or lose their parent), its fd table is released.
     */
    void removeThread(long tid, ProcessInfo reaper) {
        ThreadInfo t = threads.remove(tid);
        if (t == null) {
            return;
        }
        bytes.total -= StateBytes.THREAD;
        ProcessInfo p = t.process;
        p.threads.remove(t);
        p.liveThreads--;
        if (p.liveThreads <= 0) {
            exited++;
            removeProcess(p, reaper);
        }
    }

    /**
     * Removes thread {@code t}, whose exit the stream did not show, as that exit would have; a thread that
     * leads its process takes the whole process (the kernel reuses a leader's id only after its group is gone).
     */
    void removeMissedExit(ThreadInfo t, ProcessInfo reaper) {
        ProcessInfo p = t.process;
        if (t.tid == p.pid && processes.get(p.pid) == p) {
            removeMissedExit(p, reaper);
        } else {
            removeThread(t.tid, reaper);
        }
    }

    /** Removes process {@code p}, all of whose threads' exits were missed (a new process took its pid). */
    void removeMissedExit(ProcessInfo p, ProcessInfo reaper) {
        if (processes.get(p.pid) == p) {
            exited++;
            removeProcess(p, reaper);
        }
    }

    private void removeProcess(ProcessInfo p, ProcessInfo reaper) {
        p.alive = false;
        processes.remove(p.pid);
        for (ProcessInfo c : new ArrayList<>(p.children)) {
            ProcessInfo to = reaper != null && reaper.alive && reaper != p ? reaper : null;
            c.parent = null;
            if (to != null) {
                link(c, to);
            } else {
                c.ppid = 0;
            }
        }
        p.children.clear();
        if (p.parent != null) {
            p.parent.children.remove(p);
        }
        p.fds.unshare();
        if (p.fds.sharers() <= 0) {
            p.fds.clear();
        }
        // Threads still in the process (evicted or purged with it) go too.
        for (ThreadInfo t : p.threads) {
            if (threads.remove(t.tid) != null) {
                bytes.total -= StateBytes.THREAD;
            }
        }
        bytes.total -= p.charged;
        p.charged = 0;
        p.threads.clear();
        p.liveThreads = 0;
    }

    /** Drops threads idle since before {@code cutoff}, leaves first. */
    void purgeIdle(long cutoff, long keepPid) {
        List<ProcessInfo> stale = new ArrayList<>();
        processes.forEachValue(p -> {
            if (p.children.isEmpty() && p.lastEventNanos < cutoff && p.pid != keepPid) {
                stale.add(p);
            }
        });
        for (ProcessInfo p : stale) {
            purged++;
            removeProcess(p, p.parent);
        }
    }

    /** Re-estimates a kept process's own strings after exec, clone or a snapshot changed them. */
    void recharge(ProcessInfo p) {
        if (p == null || processes.get(p.pid) != p) {
            return;
        }
        long c = StateBytes.process(p);
        bytes.total += c - p.charged;
        p.charged = c;
    }

    /**
     * When the tables hold more than {@code maxBytes}, evicts the least recently active leaf
     * processes (never {@code keepPid}, never an ancestor of a live process) until they hold 15/16 of
     * it. A table that cannot shrink is not scanned again until it grew by another 1/64.
     */
    void evictForBytes(long maxBytes, long keepPid) {
        if (bytes.total <= maxBytes || bytes.total < lastFruitlessScan + maxBytes / 64) {
            return;
        }
        long target = maxBytes - maxBytes / 16;
        boolean progress = true;
        while (bytes.total > target && progress) {
            List<ProcessInfo> leaves = new ArrayList<>();
            processes.forEachValue(p -> {
                if (p.children.isEmpty() && p.pid != keepPid) {
                    leaves.add(p);
                }
            });
            leaves.sort((a, b) -> Long.compare(a.lastEventNanos, b.lastEventNanos));
            progress = false;
            for (ProcessInfo p : leaves) {
                if (bytes.total <= target) {
                    break;
                }
                evictedForBytes++;
                removeProcess(p, p.parent);
                progress = true;
            }
        }
        lastFruitlessScan = bytes.total > maxBytes ? bytes.total : Long.MIN_VALUE;
    }

    /** Evicts the stalest leaf processes until {@code needed} more threads fit; false if they cannot. */
    private boolean makeRoom(int needed, long keepPid) {
        if (threads.size() + needed <= maxThreads) {
            return true;
        }
        int target = Math.max(0, maxThreads - needed - maxThreads / 16);
        while (threads.size() > target) {
            List<ProcessInfo> leaves = new ArrayList<>();
            processes.forEachValue(p -> {
                if (p.children.isEmpty() && p.pid != keepPid) {
                    leaves.add(p);
                }
            });
            if (leaves.isEmpty()) {
                return threads.size() + needed <= maxThreads;
            }
            leaves.sort((a, b) -> Long.compare(a.lastEventNanos, b.lastEventNanos));
            for (ProcessInfo p : leaves) {
                if (threads.size() <= target) {
                    break;
                }
                evicted += p.liveThreads;
                removeProcess(p, p.parent);
            }
        }
        return threads.size() + needed <= maxThreads;
    }
}
