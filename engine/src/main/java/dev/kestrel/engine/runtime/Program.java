package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.LoadedRule;
import java.util.EnumSet;
import java.util.Set;

/** A compiled ruleset as the runtime drives it: evaluate one event, hear about each match. */
interface Program {

    /** Told of each matching rule while the event's context is current. */
    @FunctionalInterface
    interface Matches {
        void onMatch(LoadedRule rule, EventContext ctx);
    }

    /** Evaluates the rules that can match the event; with {@code firstOnly} stops at the first match. */
    int evaluate(EventContext ctx, Matches matches, boolean firstOnly);

    /** The compiled ruleset object, for identity checks (the cache hands out the same one for the same files). */
    Object identity();

    /** The event types some rule can match (every type when a rule is not limited to known types). */
    default Set<EventType> eventTypes() {
        return EnumSet.allOf(EventType.class);
    }
}
