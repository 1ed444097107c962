package dev.kestrel.engine.compiler;

import dev.kestrel.engine.index.EventTypeSet;
import dev.kestrel.engine.loader.LoadedRule;

/** A rule ready to evaluate: its definition, its compiled condition and the event types it can match. */
public final class CompiledRule {
    private final LoadedRule definition;
    private final Cond condition;
    private final EventTypeSet eventTypes;

    CompiledRule(LoadedRule definition, Cond condition, EventTypeSet eventTypes) {
        this.definition = definition;
        this.condition = condition;
        this.eventTypes = eventTypes;
    }

    public LoadedRule definition() {
        return definition;
    }

    /** The event types the condition can match (Falco's analysis); the index buckets the rule by it. */
    public EventTypeSet eventTypes() {
        return eventTypes;
    }

    Cond condition() {
        return condition;
    }

    @Override
    public String toString() {
        return "CompiledRule[" + definition.name() + "]";
    }
}
