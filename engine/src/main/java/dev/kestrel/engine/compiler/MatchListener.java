package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.EventContext;

/** Told of each rule that matches an event, while the event's context is still current. */
@FunctionalInterface
public interface MatchListener {
    void onMatch(CompiledRule rule, EventContext ctx);
}
