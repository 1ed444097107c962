package dev.kestrel.testkit;

import dev.kestrel.core.testsupport.SharedFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The project's own YAML rule tests (src/tests/*.yaml), one JUnit test each, through {@link KestrelRuleTests}. */
class ProjectRuleTests {

    @TestFactory
    Stream<DynamicNode> srcTests() {
        SharedFiles.falcoRules();
        return KestrelRuleTests.from(SharedFiles.root().resolve("src/tests"));
    }
}
