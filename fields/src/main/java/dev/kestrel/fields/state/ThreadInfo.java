package dev.kestrel.fields.state;

/** One thread: its id, the process it belongs to, and when it was last seen. */
public final class ThreadInfo {

    final long tid;
    ProcessInfo process;
    long vtid = -1;
    long lastEventNanos;

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

    public long lastEventNanos() {
        return lastEventNanos;
    }

    @Override
    public String toString() {
        return "tid " + tid + " of " + process;
    }
}
