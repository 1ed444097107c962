package dev.kestrel.engine.runtime;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;

/**
 * What a reload did: {@code applied} when the new rules now run; otherwise the old rules stay and
 * {@code errors} says why. {@code unchanged} when the files had the same content as a ruleset
 * compiled before, which was reused at no cost.
 */
public record ReloadResult(boolean applied, boolean unchanged, long enabledRules,
        List<Diagnostic> errors, List<Diagnostic> warnings) {

    public ReloadResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
