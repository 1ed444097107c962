package dev.kestrel.core.event;

/**
 * What a field accessor reads while one event is evaluated: the event itself and, for state-backed
 * implementations, the thread, file descriptor and container the event refers to. One context is
 * reused per evaluating thread; accessors must not keep references to it.
 */
public interface EventContext {

    /** The event being evaluated. */
    Event event();
}
