package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each file of the broken corpus starts with {@code # error: LINE:COL: TEXT}: loading it must fail,
 * and the first error must be at that line and column and contain that text.
 */
class BrokenResponseRulesTest {

    private static final List<String> CORPUS = List.of("unknown-actionner", "bad-priority-comparator",
            "unknown-priority", "bad-output-field-comparator", "undefined-action", "bad-yaml", "duplicate-key",
            "duplicate-parameter", "continue-not-boolean", "bad-tag", "no-actions", "bad-grace-period", "bad-cidr",
            "label-without-labels", "bad-min-healthy", "bad-min-healthy-count", "neither-action-nor-rule", "not-a-list",
            "http-post-bad-url");

    @TestFactory
    Stream<DynamicTest> everyBrokenFileFailsWithItsErrorAndPosition() {
        return CORPUS.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String file = name + ".yaml";
            String text = read(file);
            String header = text.lines().findFirst().orElseThrow();
            assertThat(header).startsWith("# error: ");
            String[] expect = header.substring("# error: ".length()).split(":", 3);
            List<Diagnostic> diagnostics = new ArrayList<>();
            List<ResponseRule> rules = new TalonRulesReader(TalonRulesReaderTest.builtIns(), diagnostics::add).read(file, text);
            assertThat(rules).as("rules of %s", file).isNull();
            Diagnostic first = diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).findFirst()
                    .orElseThrow();
            assertThat(first.file()).isEqualTo(file);
            assertThat(first.line() + ":" + first.column()).as(first.format()).isEqualTo(expect[0] + ":" + expect[1]);
            assertThat(first.message()).as(first.format()).contains(expect[2].trim());
        }));
    }

    private static String read(String file) throws IOException {
        try (InputStream in = BrokenResponseRulesTest.class.getResourceAsStream("/broken/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
