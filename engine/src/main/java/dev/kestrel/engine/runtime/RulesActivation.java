package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.engine.output.OutputFormat;
import dev.kestrel.engine.output.OutputFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns rules files into {@link ActiveRules}: load, choose the rules that run (own {@code enabled},
 * then the selections in order, then the minimum priority, syscall source only), compile their
 * outputs and conditions. Every user mistake comes back as a {@link RulesLoadException}.
 */
final class RulesActivation {

    static final String SYSCALL_SOURCE = "syscall";

    private final Parts parts;
    private final List<RuleSelection> selections;
    private final Priority minimumPriority;
    private final String appendOutput;

    RulesActivation(Parts parts, List<RuleSelection> selections, Priority minimumPriority, String appendOutput) {
        this.parts = parts;
        this.selections = List.copyOf(selections);
        this.minimumPriority = minimumPriority;
        this.appendOutput = appendOutput;
    }

    ActiveRules activate(List<RulesSource> sources, FieldBinder binder) {
        LoadResult loaded = parts.load(sources);
        if (!loaded.ok()) {
            throw new RulesLoadException(loaded.errors(), loaded.warnings());
        }
        List<LoadedRule> chosen = new ArrayList<>();
        for (LoadedRule rule : loaded.rules()) {
            if (runs(rule)) {
                chosen.add(rule);
            }
        }
        FieldLookup lookup = parts.outputFields(binder);
        Map<String, ActiveRules.RuleOutput> outputs = new HashMap<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (LoadedRule rule : chosen) {
            try {
                String text = appendOutput.isEmpty() ? rule.output() : rule.output() + " " + appendOutput;
                OutputFormat output = OutputFormat.compile(text, lookup);
                outputs.put(rule.name(), new ActiveRules.RuleOutput(rule, List.copyOf(rule.tags()), output));
            } catch (OutputFormatException e) {
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, dev.kestrel.engine.loader.DiagnosticCode.LOAD_ERR_COMPILE_OUTPUT,
                        "rule '" + rule.name() + "': " + e.getMessage() + " (at column " + e.column() + " of the output)",
                        rule.file(), rule.line(), 1));
            }
        }
        if (!errors.isEmpty()) {
            throw new RulesLoadException(errors, loaded.warnings());
        }
        Program program = parts.compile(loaded, chosen, binder);
        return new ActiveRules(program, outputs, chosen.size(), loaded.warnings());
    }

    /** Whether {@code rule} runs under this instance's options. */
    boolean runs(LoadedRule rule) {
        boolean enabled = rule.enabled();
        for (RuleSelection s : selections) {
            if (s.matches(rule.name(), rule.tags())) {
                enabled = s.enable();
            }
        }
        String source = rule.source() == null || rule.source().isEmpty() ? SYSCALL_SOURCE : rule.source();
        return enabled && rule.priority().atLeast(minimumPriority) && source.equals(SYSCALL_SOURCE);
    }
}
