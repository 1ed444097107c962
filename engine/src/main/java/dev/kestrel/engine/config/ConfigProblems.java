package dev.kestrel.engine.config;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.Spot;
import java.util.ArrayList;
import java.util.List;

/** The errors and warnings found while reading one config file, in the order found. Not thread-safe. */
final class ConfigProblems {

    static final DiagnosticCode YAML = DiagnosticCode.CONFIG_YAML;
    static final DiagnosticCode READ = DiagnosticCode.CONFIG_READ;
    static final DiagnosticCode UNKNOWN_KEY = DiagnosticCode.CONFIG_UNKNOWN_KEY;
    static final DiagnosticCode WRONG_TYPE = DiagnosticCode.CONFIG_WRONG_TYPE;
    static final DiagnosticCode BAD_VALUE = DiagnosticCode.CONFIG_BAD_VALUE;
    static final DiagnosticCode NOT_IMPLEMENTED = DiagnosticCode.CONFIG_NOT_IMPLEMENTED;
    static final DiagnosticCode MISSING_MODULE = DiagnosticCode.CONFIG_MISSING_MODULE;
    static final DiagnosticCode ENV = DiagnosticCode.CONFIG_ENV;
    static final DiagnosticCode ADVICE = DiagnosticCode.CONFIG_ADVICE;

    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    void error(Spot spot, DiagnosticCode code, String message) {
        errors.add(spot.error(code, message));
    }

    /** Adds a problem found by a shared reader (the YAML parser): an error or a warning by its severity. */
    void add(Diagnostic d) {
        (d.severity() == Diagnostic.Severity.ERROR ? errors : warnings).add(d);
    }

    void warning(Spot spot, DiagnosticCode code, String message) {
        warnings.add(spot.warning(code, message));
    }

    List<Diagnostic> errors() {
        return List.copyOf(errors);
    }

    List<Diagnostic> warnings() {
        return List.copyOf(warnings);
    }
}
