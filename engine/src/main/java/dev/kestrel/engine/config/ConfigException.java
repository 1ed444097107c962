package dev.kestrel.engine.config;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** A config file that cannot be used: every error, each with file, line and column. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;

    public ConfigException(List<Diagnostic> errors) {
        super(errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in file order. */
    public List<Diagnostic> errors() {
        return errors;
    }
}
