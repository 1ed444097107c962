package dev.kestrel.engine.runtime;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.output.ExtraOutputField;
import dev.kestrel.engine.output.OutputFormat;
import java.util.List;
import java.util.Map;

/** A compiled, selected ruleset with each rule's compiled output, ready to run; immutable. */
record ActiveRules(Program program, Map<String, RuleOutput> outputs, long enabledRules, List<Diagnostic> warnings) {

    /** What an alert of one rule needs. */
    record RuleOutput(LoadedRule rule, List<String> tags, OutputFormat output, List<ExtraOutputField> extraFields) {
        RuleOutput(LoadedRule rule, List<String> tags, OutputFormat output) {
            this(rule, tags, output, List.of());
        }
    }

    ActiveRules {
        outputs = Map.copyOf(outputs);
        warnings = List.copyOf(warnings);
    }
}
