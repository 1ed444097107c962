package dev.kestrel.core.event;

/**
 * One event as a sensor hands it to Kestrel. Mutable and reusable: a sensor may fill the same
 * instance for every event it produces on one thread.
 * TODO(fields issue): typed parameters.
 */
public final class Event {
    private EventType type;
    private long timestampNanos;
    private long tid;
    private long pid;
    private long returnValue;

    public EventType type() {
        return type;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public long tid() {
        return tid;
    }

    public long pid() {
        return pid;
    }

    public long returnValue() {
        return returnValue;
    }

    /** Resets this event for reuse and sets its header. */
    public Event reset(EventType type, long timestampNanos, long tid, long pid, long returnValue) {
        this.type = type;
        this.timestampNanos = timestampNanos;
        this.tid = tid;
        this.pid = pid;
        this.returnValue = returnValue;
        return this;
    }
}
