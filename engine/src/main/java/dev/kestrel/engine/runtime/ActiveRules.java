package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.output.ExtraOutputField;
import dev.kestrel.engine.output.OutputFormat;
import java.util.List;
import java.util.Map;

/**
 * A compiled, selected ruleset with each rule's compiled output, ready to run; immutable.
 * {@code typesWithRules[t]} says whether some rule can match an event of the type with ordinal
 * {@code t}, so an event no rule can match skips the evaluator (never written after construction).
 */
record ActiveRules(Program program, Map<String, RuleOutput> outputs, long enabledRules, List<Diagnostic> warnings,
                   boolean[] typesWithRules) {

    /** What an alert of one rule needs. */
    record RuleOutput(LoadedRule rule, List<String> tags, OutputFormat output, List<ExtraOutputField> extraFields) {
        RuleOutput(LoadedRule rule, List<String> tags, OutputFormat output) {
            this(rule, tags, output, List.of());
        }
    }

    ActiveRules(Program program, Map<String, RuleOutput> outputs, long enabledRules, List<Diagnostic> warnings) {
        this(program, outputs, enabledRules, warnings, typesWithRules(program));
    }

    ActiveRules {
        outputs = Map.copyOf(outputs);
        warnings = List.copyOf(warnings);
    }

    /** Whether some rule can match an event of {@code type}; true for an event without a type. */
    boolean evaluates(EventType type) {
        return type == null || typesWithRules[type.ordinal()];
    }

    private static boolean[] typesWithRules(Program program) {
        boolean[] types = new boolean[EventType.values().length];
        for (EventType t : program.eventTypes()) {
            types[t.ordinal()] = true;
        }
        return types;
    }
}
