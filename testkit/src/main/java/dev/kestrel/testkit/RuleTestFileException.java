package dev.kestrel.testkit;

import dev.kestrel.engine.loader.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule test file that cannot be run: bad YAML, an unknown action or key, a process or container
 * that is not defined, a rule name no loaded rule has, rules that do not load. Every problem is a
 * {@link Diagnostic} with file, line and column; the message lists them, one per line.
 */
public final class RuleTestFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> problems;

    public RuleTestFileException(List<Diagnostic> problems) {
        super(problems.stream().map(Diagnostic::format).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. */
    public List<Diagnostic> problems() {
        return problems;
    }
}
