package dev.kestrel.engine.runtime;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules could not be loaded: a user mistake in a rules file, described by its diagnostics (each
 * with file, line and column). The message lists them, one per line, so printing it is enough.
 */
public final class RulesLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;
    private final transient List<Diagnostic> warnings;

    public RulesLoadException(List<Diagnostic> errors, List<Diagnostic> warnings) {
        super(errors.size() + " error(s) loading rules:\n"
                + errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")), null, false, false);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    public List<Diagnostic> errors() {
        return errors;
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }
}
