/**
 * Kestrel's rule test kit: rule test files and their runner, the Java {@code RuleTest} API with
 * AssertJ assertions, JUnit 5 dynamic tests, and jqwik arbitraries of worlds and actions.
 */
module dev.kestrel.testkit {
    requires transitive dev.kestrel.engine;
    // The test libraries are the kit's users' own test dependencies; the kestrel command uses only
    // the file runner, so it runs without them.
    requires static org.assertj.core;
    requires static org.junit.jupiter.api;
    requires static net.jqwik.api;
    requires org.yaml.snakeyaml;

    exports dev.kestrel.testkit;
    exports dev.kestrel.testkit.jqwik;
}
