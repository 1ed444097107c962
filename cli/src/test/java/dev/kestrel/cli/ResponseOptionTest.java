package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseOptionTest {

    private static final Path ROOT = SharedFiles.root();

    @Test
    void replayPrintsTheActionsTheExampleResponseRulesWouldTakeForTheBlogSystem() {
        CliRunner r = CliRunner.run("replay", "--rules", SharedFiles.falcoRules().toString(),
                "--rules", ROOT.resolve("src/rules/user_rules.yaml").toString(),
                "--response", ROOT.resolve("src/response/response_rules.yaml").toString(),
                ROOT.resolve("src/scenarios/blog-system/events.jsonl").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(
                "action dry_run rule='Kill pods running a shell from Java' action='Terminate Pod' actionner=kubernetes:terminate"
                        + " target=pod blog-system/was-6d5f7b8c9-qv9zr alert='Java Process Spawning Shell' (Critical):"
                        + " would delete pod blog-system/was-6d5f7b8c9-qv9zr (grace period 0s)",
                "action dry_run rule='Quarantine pods that install software' action='Quarantine Pod'"
                        + " actionner=kubernetes:label target=pod blog-system/web-7f9c8d6b5-x2x7q",
                "action dry_run rule='Isolate pods with unexpected outbound connections' action='Isolate Pod'",
                "Response: ");
        assertThat(r.err()).doesNotContain("action success", "action failure");
        assertThat(r.err().lines().filter(l -> l.startsWith("action dry_run")).count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aBrokenResponseRulesFileIsReportedWithItsPositionAndNothingRuns(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("response.yaml");
        Files.writeString(rules, "- rule: R\n  match: {priority: \"=>Critical\"}\n  actions: [{action: L, actionner: log}]\n");
        CliRunner r = CliRunner.run("replay", "--response", rules.toString(),
                ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(rules + ":2:21: error: LOAD_ERR_VALIDATE: bad priority '=>Critical'",
                "the response rules have 1 error(s); nothing was replayed");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void dryRunWithoutResponseIsAUsageMistake() {
        CliRunner r = CliRunner.run("replay", "--dry-run", ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--dry-run applies to --response, which was not given");
    }
}
