package dev.kestrel.core.testsupport;

/** Small rules files that the tests of several modules load. Constants only; for tests. */
public final class TestRules {

    /**
     * One WARNING rule, {@code Shell}: {@code proc.name = bash}, output {@code Shell (proc=%proc.name)},
     * no tags (append a {@code tags:} line to add some).
     */
    public static final String SHELL = """
            - rule: Shell
              desc: d
              condition: proc.name = bash
              output: Shell (proc=%proc.name)
              priority: WARNING
            """;

    private TestRules() {
    }
}
