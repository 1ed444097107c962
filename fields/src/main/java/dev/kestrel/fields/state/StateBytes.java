package dev.kestrel.fields.state;

import java.util.List;

/**
 * The estimated heap the process, thread and fd tables hold, kept up to date as entries come and go
 * so {@link StateLimits#maxBytes()} can be enforced without walking the tables. The estimates count
 * two bytes per character of every string kept plus a fixed cost per object; they are meant to be
 * in proportion to the real heap, not exact. Not thread-safe (owned by one {@link SystemState}).
 */
final class StateBytes {

    /** A process entry without its strings: the object, its lists, its map slot. */
    static final long PROCESS = 640;
    /** A thread entry and its map slot. */
    static final long THREAD = 120;
    /** An fd entry without its name, and its map slot. */
    static final long FD = 200;

    long total;

    /**
     * The estimate for one fd: its name is kept up to four times (name, raw name, directory, file
     * name). Taken from the name the fd has when a table first holds it and kept with the fd, so that
     * what a table adds for an fd is what it later takes away, even when a connect or sendto renamed
     * the fd in between (a later, longer name is not counted).
     */
    static long fd(FdInfo f) {
        if (f.chargedBytes == 0) {
            String n = f.name();
            f.chargedBytes = FD + (n == null ? 0 : 8L * n.length());
        }
        return f.chargedBytes;
    }

    /** The estimate for one process's own strings and fixed part (its threads and fds are counted apart). */
    static long process(ProcessInfo p) {
        return PROCESS + 2L * (len(p.comm) + len(p.exe) + len(p.exePath) + len(p.argsText) + len(p.cmdline)
                + len(p.exeline) + len(p.cwd) + len(p.containerId) + len(p.capEffective) + len(p.capPermitted)
                + len(p.capInheritable)) + 2L * (sum(p.args) + sum(p.env) + sum(p.cgroups));
    }

    private static long len(String s) {
        return s == null ? 0 : s.length() + 20;
    }

    private static long sum(List<String> list) {
        long n = 0;
        for (int i = 0, size = list.size(); i < size; i++) {
            n += len(list.get(i));
        }
        return n;
    }
}
