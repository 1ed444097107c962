package dev.kestrel.engine.loader;

import java.util.List;

/**
 * What loading a set of rules files produced: the rules in load order (enabled or not), counts of
 * macros and lists, and every error and warning. The rules are usable only when {@link #ok()}.
 */
public record LoadResult(
        List<LoadedRule> rules,
        int macroCount,
        int listCount,
        List<Diagnostic> errors,
        List<Diagnostic> warnings,
        List<String> files) {

    public LoadResult {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        files = List.copyOf(files);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public long enabledRuleCount() {
        return rules.stream().filter(LoadedRule::enabled).count();
    }
}
