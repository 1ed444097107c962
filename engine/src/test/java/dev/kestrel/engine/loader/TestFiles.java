package dev.kestrel.engine.loader;

import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Path;

/** Where the tests find the official ruleset and the sample user rules. */
final class TestFiles {

    private TestFiles() {
    }

    static Path officialRules() {
        return SharedFiles.falcoRules();
    }

    static Path userRules() {
        return SharedFiles.root().resolve("src/rules/user_rules.yaml");
    }
}
