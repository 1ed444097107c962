package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

    private static final Path USER = SharedFiles.root().resolve("src/rules/user_rules.yaml");

    /** Falco's rules, looked up per test so a missing file skips (or, in CI, fails) the test that needs it. */
    private static Path official() {
        return SharedFiles.falcoRules();
    }

    @Test
    void theOfficialRulesetValidates() {
        CliRunner r = CliRunner.run("validate", official().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("25 rules (25 enabled), 87 macros, 49 lists from 1 file: 0 errors");
    }

    @Test
    void userRulesValidateOnTopOfTheOfficialOnes() {
        CliRunner r = CliRunner.run("validate", official().toString(), USER.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("29 rules (29 enabled), 87 macros, 49 lists from 2 files: 0 errors");
    }

    @Test
    void jsonReportHasTheDocumentedShape() throws Exception {
        CliRunner r = CliRunner.run("validate", "--json", official().toString(), "missing.yaml");
        assertThat(r.code()).isEqualTo(1);
        Map<String, Object> json = JsonReader.parseObject(r.out().trim());
        assertThat(json).containsKeys("rules", "enabled_rules", "macros", "lists", "errors", "warnings");
        assertThat(((Number) json.get("macros")).intValue()).isEqualTo(87);
        assertThat(((Number) json.get("lists")).intValue()).isEqualTo(49);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) json.get("errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e).containsOnlyKeys("file", "line", "column", "code", "message");
            assertThat(e.get("code")).isEqualTo("LOAD_ERR_FILE_READ");
            assertThat(e.get("file")).isEqualTo("missing.yaml");
        });
    }

    @Test
    void aMissingFileIsAReadErrorNotAStackTrace() {
        CliRunner r = CliRunner.run("validate", "no/such/rules.yaml");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("no/such/rules.yaml:1:1: error: LOAD_ERR_FILE_READ: ")
                .contains("1 file: 1 error, 0 warnings");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(CliRunner.run("validate").code()).isEqualTo(2);
        assertThat(CliRunner.run("validate", "--yaml", "x").code()).isEqualTo(2);
    }

    static Stream<Path> brokenFiles() throws Exception {
        // The engine's corpus of broken rules files, each ending in the outcome it expects.
        Path dir = SharedFiles.root().resolve("engine/src/test/resources/broken");
        return Files.list(dir).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFilesNeverShowAStackTrace(Path file) throws Exception {
        CliRunner r = CliRunner.run("validate", file.toString());
        String all = r.out() + r.err();
        assertThat(all).doesNotContain("\tat ").doesNotContain("internal error")
                .doesNotContainPattern("[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b");
        List<String> lines = Files.readAllLines(file);
        boolean expectsError = lines.get(lines.size() - 1).startsWith("# expect: error");
        assertThat(r.code()).isEqualTo(expectsError ? 1 : 0);
        if (r.code() == 1) {
            assertThat(r.out()).contains(": error: LOAD_ERR_");
        }
    }
}
