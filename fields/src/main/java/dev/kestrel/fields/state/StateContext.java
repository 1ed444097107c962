package dev.kestrel.fields.state;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.PodMetadata;

/**
 * The state an event refers to, filled by {@link SystemState#apply}: the thread and process, the fd
 * the event uses, the container and pod. Field accessors read it without any lookup by name. One
 * instance per {@link SystemState}, reused for every event.
 */
public final class StateContext implements EventContext {

    /** {@link #fdNum()} when the event uses no fd. */
    public static final long NO_FD = Long.MIN_VALUE;

    private final SystemState state;
    Event event;
    long eventNum;
    long previousTimestamp;
    ThreadInfo thread;
    ProcessInfo process;
    FdInfo fd;
    long fdNum = NO_FD;
    ContainerMetadata container;
    PodMetadata pod;

    StateContext(SystemState state) {
        this.state = state;
    }

    /**
     * A detached copy of this context, which the state reuses for the next event. The copy shares the
     * event object and the live thread, fd and container entries, so it sees them as they are when it
     * is read; for tools (benchmarks, debuggers) that keep contexts past their event.
     */
    public StateContext detachedCopy() {
        StateContext copy = new StateContext(state);
        copy.event = event;
        copy.eventNum = eventNum;
        copy.previousTimestamp = previousTimestamp;
        copy.thread = thread;
        copy.process = process;
        copy.fd = fd;
        copy.fdNum = fdNum;
        copy.container = container;
        copy.pod = pod;
        return copy;
    }

    void begin(Event e, long num) {
        previousTimestamp = event == null ? e.timestampNanos() : event.timestampNanos();
        event = e;
        eventNum = num;
        thread = null;
        process = null;
        fd = null;
        fdNum = NO_FD;
        container = null;
        pod = null;
    }

    @Override
    public Event event() {
        return event;
    }

    /** The sequence number of the event, from 1 ({@code evt.num}). */
    public long eventNum() {
        return eventNum;
    }

    /** The timestamp of the event before this one (this one's for the first). */
    public long previousTimestamp() {
        return previousTimestamp;
    }

    /** The thread that made the event, or null for Kestrel records. */
    public ThreadInfo thread() {
        return thread;
    }

    /** The process of the thread, or null for Kestrel records. */
    public ProcessInfo process() {
        return process;
    }

    /** The fd the event uses, or null. */
    public FdInfo fd() {
        return fd;
    }

    /** The number of the fd the event uses (-1 for a failed open), or {@link #NO_FD}. */
    public long fdNum() {
        return fdNum;
    }

    /** The container's metadata, or null (host process, or a container not known yet). */
    public ContainerMetadata container() {
        return container;
    }

    /** The container id of the process, or null for a host process. */
    public String containerId() {
        return process == null ? null : process.containerId;
    }

    /** The pod of the container, or null. */
    public PodMetadata pod() {
        return pod;
    }

    /** The whole state, for fields that look beyond the event (users, other fds). */
    public SystemState state() {
        return state;
    }
}
