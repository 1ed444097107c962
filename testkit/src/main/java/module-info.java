/**
 * Kestrel's rule test kit: rule test files and their runner, the Java {@code RuleTest} API with
 * AssertJ assertions, JUnit 5 dynamic tests, and jqwik arbitraries of worlds and actions.
 */
module dev.kestrel.testkit {
    requires transitive dev.kestrel.engine;
    requires transitive org.assertj.core;
    requires transitive org.junit.jupiter.api;
    requires transitive net.jqwik.api;
    requires org.yaml.snakeyaml;

    exports dev.kestrel.testkit;
    exports dev.kestrel.testkit.jqwik;
}
