package dev.kestrel.engine.compiler;

import dev.kestrel.engine.loader.LoadedRule;

/**
 * A rule ready to evaluate: its definition and its compiled condition.
 * TODO(engine issue): the compiled predicate and the event types it can match.
 */
public final class CompiledRule {
    private final LoadedRule definition;

    CompiledRule(LoadedRule definition) {
        this.definition = definition;
    }

    public LoadedRule definition() {
        return definition;
    }
}
