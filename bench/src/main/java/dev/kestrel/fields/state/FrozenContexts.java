package dev.kestrel.fields.state;

/**
 * Benchmark support, not part of Kestrel: copies a {@link StateContext} so a benchmark can keep one
 * per event and evaluate rules on prepared contexts without re-applying events to the state. It
 * lives in the benchmark jar, in the state package because the context's fields are package-private.
 * A copy shares the live thread, fd and container objects, so it sees them as they are when it is
 * read (after the whole stream was applied), not as they were at that event.
 */
public final class FrozenContexts {
    private FrozenContexts() {
    }

    /** A detached copy of {@code live}, which the state will reuse for the next event. */
    public static StateContext freeze(StateContext live) {
        StateContext copy = new StateContext(live.state());
        copy.event = live.event;
        copy.eventNum = live.eventNum;
        copy.previousTimestamp = live.previousTimestamp;
        copy.thread = live.thread;
        copy.process = live.process;
        copy.fd = live.fd;
        copy.fdNum = live.fdNum;
        copy.container = live.container;
        copy.pod = live.pod;
        return copy;
    }
}
