package com.example.blog;

import dev.kestrel.testkit.KestrelRuleTests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Every YAML rule test of src/test/rules/ as a JUnit test. */
class BlogRuleTests {

    @TestFactory
    Stream<DynamicNode> ruleTests() {
        return KestrelRuleTests.from(Path.of("src/test/rules"));
    }
}
