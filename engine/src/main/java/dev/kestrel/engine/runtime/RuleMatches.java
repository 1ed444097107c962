package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import java.util.List;

/** How many alerts one rule raised, with what metrics label it by (Falco's {@code rules_matches}). Immutable. */
public record RuleMatches(String rule, Priority priority, String source, List<String> tags, long count) {

    public RuleMatches {
        tags = List.copyOf(tags);
    }
}
