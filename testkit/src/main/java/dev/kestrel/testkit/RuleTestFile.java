package dev.kestrel.testkit;

import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.runtime.RuleMatching;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed rule test file: the rules files it names (resolved against its folder), its
 * {@code rule_matching}, and its tests. Immutable; read one with {@link #read(Path)}.
 *
 * @param path the file
 * @param rules the rules files it names, in order, each with where it is named
 * @param ruleMatching {@code all} unless the file says {@code first}
 * @param tests the tests, in file order
 */
public record RuleTestFile(Path path, List<RulesRef> rules, RuleMatching ruleMatching, List<RuleTestCase> tests) {

    /** A rules file named by a test file, and where. */
    public record RulesRef(Path path, Spot spot) {
    }

    public RuleTestFile {
        Objects.requireNonNull(path, "path");
        rules = List.copyOf(rules);
        tests = List.copyOf(tests);
    }

    /**
     * Reads and checks a rule test file: its YAML, keys, actions and references between processes,
     * containers and users (rule names are checked when the rules are loaded, by the runner).
     *
     * @throws RuleTestFileException with every problem found, each at its file, line and column
     * @throws IOException when the file cannot be read
     */
    public static RuleTestFile read(Path path) throws IOException, RuleTestFileException {
        return RuleTestFileReader.read(path);
    }
}
