package dev.kestrel.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The project's own YAML rule tests (src/tests/*.yaml), one JUnit test each, through {@link KestrelRuleTests}. */
class ProjectRuleTests {

    private static final Path ROOT = Path.of(System.getProperty("kestrel.root.dir", ".."));
    private static final Path SHARED = Path.of(System.getProperty("kestrel.shared.dir", "../../shared"));

    @TestFactory
    Stream<DynamicNode> srcTests() {
        assumeTrue(Files.isRegularFile(SHARED.resolve("rules/falco_rules.yaml")),
                "Falco's official ruleset is not in the shared folder");
        return KestrelRuleTests.from(ROOT.resolve("src/tests"));
    }
}
