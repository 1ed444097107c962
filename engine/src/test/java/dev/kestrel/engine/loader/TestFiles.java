package dev.kestrel.engine.loader;

import java.nio.file.Path;

/** Where the tests find the official ruleset and the sample user rules. */
final class TestFiles {

    private TestFiles() {
    }

    static Path officialRules() {
        return dev.kestrel.core.testsupport.SharedFiles.falcoRules();
    }

    static Path userRules() {
        return dev.kestrel.core.testsupport.SharedFiles.root().resolve("src/rules/user_rules.yaml");
    }
}
