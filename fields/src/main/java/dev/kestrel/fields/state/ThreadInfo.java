package dev.kestrel.fields.state;

/** One thread: its id, the process it belongs to, when it was created and when it was last seen. */
public final class ThreadInfo {

    final long tid;
    ProcessInfo process;
    long vtid = -1;
    long startNanos;
    long lastEventNanos;
    /** How the entry was made: with {@link #madeNanos}, decides whether a clone naming its id is its own or reuses a dead thread's id. */
    Origin origin = Origin.PLACEHOLDER;
    /** The event time the entry was made (for a snapshot's threads, their process's start). */
    long madeNanos;

    /** How a thread entry came to be. */
    enum Origin {
        /** Read from /proc at start. */
        SNAPSHOT,
        /** Made for an event of a thread the table did not know. */
        PLACEHOLDER,
        /** Made from the parent's report of the clone. */
        PARENTS_CLONE,
        /** Made from the child's own report of its clone (before the parent's). */
        OWN_CLONE
    }

    ThreadInfo(long tid, ProcessInfo process) {
        this.tid = tid;
        this.process = process;
    }

    public long tid() {
        return tid;
    }

    public long vtid() {
        return vtid < 0 ? tid : vtid;
    }

    public ProcessInfo process() {
        return process;
    }

    /** True for the thread whose id is the process id. */
    public boolean isMain() {
        return process != null && process.pid == tid;
    }

    /**
     * When this thread was created (libsinsp's clone time): the event time of the clone that made it,
     * or for a thread found running at start its process's start; 0 when unknown (a thread first met by
     * its own events).
     */
    public long startNanos() {
        return startNanos;
    }

    public long lastEventNanos() {
        return lastEventNanos;
    }

    @Override
    public String toString() {
        return "tid " + tid + " of " + process;
    }
}
