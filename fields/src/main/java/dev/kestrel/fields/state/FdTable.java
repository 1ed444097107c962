package dev.kestrel.fields.state;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The open fds of one process (or of several, after clone with CLONE_FILES, which share one table).
 * Bounded: when full, a new fd replaces nothing and is counted as dropped by the caller.
 */
public final class FdTable {

    private final LongObjectMap<FdInfo> fds;
    private final StateBytes bytes;
    private long charged;
    private int sharers = 1;

    /** A table whose size is not accounted (a process the tables do not keep). */
    FdTable() {
        this(new LongObjectMap<>(16), null);
    }

    /** A table that charges its entries to {@code bytes}. */
    FdTable(StateBytes bytes) {
        this(new LongObjectMap<>(16), bytes);
    }

    private FdTable(LongObjectMap<FdInfo> fds, StateBytes bytes) {
        this.fds = fds;
        this.bytes = bytes;
    }

    /** The estimated bytes this table holds (see {@link StateBytes}). */
    long charged() {
        return charged;
    }

    private void charge(long delta) {
        charged += delta;
        if (bytes != null) {
            bytes.total += delta;
        }
    }

    /** The fd numbered {@code fd}, or null. */
    public FdInfo get(long fd) {
        return fds.get(fd);
    }

    public int size() {
        return fds.size();
    }

    /** Adds or replaces {@code fd}; false when the table is full and {@code fd} is new. */
    boolean put(long fd, FdInfo info, int limit) {
        FdInfo old = fds.get(fd);
        if (old == null && fds.size() >= limit) {
            return false;
        }
        fds.put(fd, info);
        charge(StateBytes.fd(info) - (old == null ? 0 : StateBytes.fd(old)));
        return true;
    }

    FdInfo remove(long fd) {
        FdInfo removed = fds.remove(fd);
        if (removed != null) {
            charge(-StateBytes.fd(removed));
        }
        return removed;
    }

    /** A copy for a forked child: same descriptions, separate table, charged to the same account. */
    FdTable copy() {
        FdTable c = new FdTable(fds.copy(), bytes);
        c.charge(charged);
        return c;
    }

    /** True if some fd's type text ({@code fd.types}) satisfies {@code test}; allocates nothing. */
    public boolean anyType(Predicate<String> test) {
        for (int i = 0, n = fds.capacity(); i < n; i++) {
            FdInfo f = fds.valueAt(i);
            if (f != null && test.test(f.type().text())) {
                return true;
            }
        }
        return false;
    }

    /** True if every fd's type text satisfies {@code test}; allocates nothing. */
    public boolean allTypes(Predicate<String> test) {
        for (int i = 0, n = fds.capacity(); i < n; i++) {
            FdInfo f = fds.valueAt(i);
            if (f != null && !test.test(f.type().text())) {
                return false;
            }
        }
        return true;
    }

    /** Removes the fds opened with O_CLOEXEC (what execve does). */
    void closeOnExec() {
        for (long fd : fds.keys()) {
            FdInfo info = fds.get(fd);
            if ((info.openFlags() & 02000000) != 0) {
                remove(fd);
            }
        }
    }

    void clear() {
        for (long fd : fds.keys()) {
            fds.remove(fd);
        }
        charge(-charged);
    }

    int sharers() {
        return sharers;
    }

    void share() {
        sharers++;
    }

    void unshare() {
        sharers--;
    }

    /** Receives one fd of a table. */
    @FunctionalInterface
    public interface FdVisitor {
        void visit(long fd, FdInfo info);
    }

    /** Visits the fds in ascending fd order (allocates; for listings and list-valued fields). */
    public void forEach(FdVisitor visitor) {
        fds.forEachSorted(visitor::visit);
    }

    /** Visits every fd in no particular order, allocating nothing. */
    public void forEachUnordered(Consumer<FdInfo> action) {
        fds.forEachValue(action);
    }
}
