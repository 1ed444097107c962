package dev.kestrel.engine.compiler;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;

/**
 * Rules that could not be compiled (a literal that does not fit its field, an operator a field does not
 * take, a field the binder rejects). Carries one diagnostic per problem, each naming the rule, its file
 * and line and the position of the check inside the condition.
 */
public final class RuleCompileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    RuleCompileException(List<Diagnostic> diagnostics) {
        super(diagnostics.get(0).format() + (diagnostics.size() > 1
                ? " (and " + (diagnostics.size() - 1) + " more)" : ""));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Every problem found, in rule order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
