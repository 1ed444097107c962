package dev.kestrel.response;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;

/** A response rules file has errors; each names file, line and column. */
public final class ResponseRulesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;

    public ResponseRulesException(List<Diagnostic> errors) {
        super(summary(errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** The errors, in file order. */
    public List<Diagnostic> errors() {
        return errors;
    }

    private static String summary(List<Diagnostic> errors) {
        StringBuilder b = new StringBuilder("the response rules have ").append(errors.size()).append(" error(s)");
        for (Diagnostic d : errors) {
            b.append("\n  ").append(d.format());
        }
        return b.toString();
    }
}
