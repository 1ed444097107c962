package dev.kestrel.engine.yaml;

/** Thrown by {@link StrictYaml} when a YAML text is refused; {@link #problem()} says where and why. */
public final class YamlProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient YamlProblem problem;

    public YamlProblemException(YamlProblem problem) {
        super(problem.toString(), null, false, false);
        this.problem = problem;
    }

    /** Where the problem is and what it is. */
    public YamlProblem problem() {
        return problem;
    }
}
