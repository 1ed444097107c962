package dev.kestrel.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * YAML rule tests as JUnit 5 dynamic tests, one per test of each file (a folder gives its
 * {@code *.yaml} files), grouped by file:
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> ruleTests() {
 *     return KestrelRuleTests.from(Path.of("src/test/rules"));
 * }
 * }</pre>
 * A file that cannot be read or run becomes one failing test carrying its positioned errors.
 * Stateless; the engines live as long as the returned stream's tests run.
 */
public final class KestrelRuleTests {

    private KestrelRuleTests() {
    }

    /** The dynamic tests of {@code paths} (files or folders), with only each file's own rules. */
    public static Stream<DynamicNode> from(Path... paths) {
        return from(List.of(), paths);
    }

    /** The dynamic tests of {@code paths}, adding {@code extraRules} after each file's own rules. */
    public static Stream<DynamicNode> from(List<Path> extraRules, Path... paths) {
        RuleTestRunner runner = new RuleTestRunner(extraRules);
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files(paths)) {
            nodes.add(file(runner, file));
        }
        return nodes.stream().onClose(runner::close);
    }

    private static List<Path> files(Path... paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".yaml")
                            || f.getFileName().toString().endsWith(".yml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    files.add(p);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static DynamicNode file(RuleTestRunner runner, Path file) {
        String label = String.valueOf(file.getFileName());
        RuleTestRunner.Prepared prepared;
        try {
            prepared = runner.prepare(RuleTestFile.read(file));
        } catch (RuleTestFileException e) {
            String message = "the rule test file cannot be run:\n" + e.getMessage();
            return DynamicTest.dynamicTest(label, file.toUri(), () -> {
                throw new AssertionFailedError(message);
            });
        } catch (IOException e) {
            String message = "cannot read the rule test file " + file + ": " + e.getMessage();
            return DynamicTest.dynamicTest(label, file.toUri(), () -> {
                throw new AssertionFailedError(message);
            });
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleTestCase c : prepared.file().tests()) {
            tests.add(DynamicTest.dynamicTest(c.name(), file.toUri(), () -> {
                TestOutcome o = runner.run(prepared, c);
                if (!o.ok()) {
                    throw new AssertionFailedError(c.spot().file() + ":" + c.spot().line() + ": test '" + c.name()
                            + "' failed:\n  " + String.join("\n  ", o.problems()) + "\nalerts: "
                            + o.alerts().stream().map(a -> a.rule()).toList());
                }
            }));
        }
        return DynamicContainer.dynamicContainer(label, file.toUri(), tests.stream());
    }
}
