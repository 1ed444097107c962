package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.EventContext;

/**
 * Per-thread scratch for evaluating one event: the context and, per slot, a stamp saying for which
 * event the slot's cached value was computed. Shared sub-conditions and field reads store their
 * result here once per event; a new event only bumps {@link #seq}, so nothing is cleared or allocated.
 */
final class Frame {
    EventContext ctx;
    /** The current event's number; a slot is valid for this event when its stamp equals it. */
    long seq;
    final long[] stamps;
    final boolean[] bools;
    final long[] longs;
    final Object[] objects;

    Frame(int slots) {
        stamps = new long[slots];
        bools = new boolean[slots];
        longs = new long[slots];
        objects = new Object[slots];
    }

    /** Starts a new event: every cached slot becomes stale. */
    void begin(EventContext context) {
        ctx = context;
        seq++;
    }
}
