package dev.kestrel.engine.loader;

import java.util.ArrayList;
import java.util.List;

/** The errors and warnings of one load, in the order they were found. */
final class Diagnostics {

    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    void add(Diagnostic d) {
        if (d.severity() == Diagnostic.Severity.ERROR) {
            errors.add(d);
        } else {
            warnings.add(d);
        }
    }

    void error(Spot spot, DiagnosticCode code, String message) {
        add(spot.error(code, message));
    }

    void warning(Spot spot, DiagnosticCode code, String message) {
        add(spot.warning(code, message));
    }

    int errorCount() {
        return errors.size();
    }

    List<Diagnostic> errors() {
        return errors;
    }

    List<Diagnostic> warnings() {
        return warnings;
    }
}
