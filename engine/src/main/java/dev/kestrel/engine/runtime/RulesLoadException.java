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

    /** The errors and warnings of a failed load, in any order; they are kept in reading order. */
    public RulesLoadException(List<Diagnostic> errors, List<Diagnostic> warnings) {
        this(Diagnostic.inReadingOrder(errors), Diagnostic.inReadingOrder(warnings), true);
    }

    private RulesLoadException(List<Diagnostic> errors, List<Diagnostic> warnings, boolean sorted) {
        super(errors.size() + " error(s) loading rules:\n"
                + errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")), null, false, false);
        this.errors = errors;
        this.warnings = warnings;
    }

    /** The errors, by file (in the order the files were read), line and column, as {@code kestrel validate} prints them. */
    public List<Diagnostic> errors() {
        return errors;
    }

    /** The warnings, in the same order as {@link #errors()}. */
    public List<Diagnostic> warnings() {
        return warnings;
    }
}
