package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.ExtraOutputField;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.engine.output.OutputFormat;
import dev.kestrel.engine.output.OutputFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final List<AppendOutput> appendOutput;

    RulesActivation(Parts parts, List<RuleSelection> selections, Priority minimumPriority, List<AppendOutput> appendOutput) {
        this.parts = parts;
        this.selections = List.copyOf(selections);
        this.minimumPriority = minimumPriority;
        this.appendOutput = List.copyOf(appendOutput);
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
        List<Diagnostic> appendErrors = appendOutputErrors(lookup);
        if (!appendErrors.isEmpty()) {
            throw new RulesLoadException(appendErrors, loaded.warnings());
        }
        Map<String, ActiveRules.RuleOutput> outputs = new HashMap<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (LoadedRule rule : chosen) {
            try {
                String source = sourceOf(rule);
                StringBuilder text = new StringBuilder(rule.output());
                Map<String, ExtraOutputField> extras = new LinkedHashMap<>();
                for (AppendOutput a : appendOutput) {
                    if (!a.matches(rule.name(), source, rule.tags())) {
                        continue;
                    }
                    if (!a.extraOutput().isEmpty()) {
                        text.append(' ').append(a.extraOutput());
                    }
                    for (AppendOutput.ExtraField f : a.extraFields()) {
                        extras.put(f.key(), new ExtraOutputField(f.key(), OutputFormat.compile(f.format(), lookup), f.raw()));
                    }
                }
                OutputFormat output = OutputFormat.compile(text.toString(), lookup);
                outputs.put(rule.name(), new ActiveRules.RuleOutput(rule, List.copyOf(rule.tags()), output,
                        List.copyOf(extras.values())));
            } catch (OutputFormatException e) {
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.LOAD_ERR_COMPILE_OUTPUT,
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

    /**
     * One error for each {@code append_output} format that does not compile on its own, placed at
     * line N (the Nth entry) and the column in its text of the file "append_output": the entries
     * are checked once here rather than at every rule they are appended to.
     */
    private List<Diagnostic> appendOutputErrors(FieldLookup lookup) {
        List<Diagnostic> errors = new ArrayList<>();
        for (int i = 0; i < appendOutput.size(); i++) {
            AppendOutput a = appendOutput.get(i);
            String entry = "append_output entry " + (i + 1) + ", ";
            if (!a.extraOutput().isEmpty()) {
                compileError(a.extraOutput(), lookup, i + 1, entry + "extra_output '" + a.extraOutput() + "'")
                        .ifPresent(errors::add);
            }
            for (AppendOutput.ExtraField f : a.extraFields()) {
                compileError(f.format(), lookup, i + 1, entry + "extra_fields '" + f.key() + "' '" + f.format() + "'")
                        .ifPresent(errors::add);
            }
        }
        return errors;
    }

    private static Optional<Diagnostic> compileError(String format, FieldLookup lookup, int entry, String what) {
        try {
            OutputFormat.compile(format, lookup);
            return Optional.empty();
        } catch (OutputFormatException e) {
            return Optional.of(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.LOAD_ERR_COMPILE_OUTPUT,
                    what + ": " + e.getMessage(), "append_output", entry, e.column()));
        }
    }

    private static String sourceOf(LoadedRule rule) {
        return rule.source() == null || rule.source().isEmpty() ? SYSCALL_SOURCE : rule.source();
    }

    /** Whether {@code rule} runs under this instance's options. */
    boolean runs(LoadedRule rule) {
        boolean enabled = rule.enabled();
        for (RuleSelection s : selections) {
            if (s.matches(rule.name(), rule.tags())) {
                enabled = s.enable();
            }
        }
        String source = sourceOf(rule);
        return enabled && rule.priority().atLeast(minimumPriority) && source.equals(SYSCALL_SOURCE);
    }
}
