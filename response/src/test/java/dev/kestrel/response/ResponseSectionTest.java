package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.config.OutputContext;
import dev.kestrel.engine.loader.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code response:} section of kestrel.yaml. */
class ResponseSectionTest {

    @TempDir
    Path dir;

    @Test
    void theSectionMakesAResponderWithItsDryRunAndAuditFile() throws Exception {
        Files.writeString(dir.resolve("response.yaml"), """
                - rule: Kill
                  actions: [{action: Kill, actionner: kubernetes:terminate}]
                """);
        Files.writeString(dir.resolve("kestrel.yaml"), """
                response:
                  rules_file: response.yaml
                  dry_run: true
                  audit_file: actions.jsonl
                """);
        KestrelConfig cfg = KestrelConfig.read(dir.resolve("kestrel.yaml"));
        assertThat(cfg.errors()).isEmpty();
        assertThat(cfg.describe()).contains("response:", "  dry_run: true",
                "  rules_file: " + dir.resolve("response.yaml"));
        ConfiguredOutput output = cfg.outputs().get(0);
        try (AlertSink sink = output.open(new OutputContext(() -> null))) {
            assertThat(sink).isInstanceOf(Responder.class);
            sink.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        List<String> lines = Files.readAllLines(dir.resolve("actions.jsonl"));
        assertThat(lines).hasSize(1);
        Map<String, Object> record = JsonReader.parseObject(lines.get(0));
        assertThat(record).containsEntry("status", "dry_run").containsEntry("target", "pod blog/was-1");
    }

    @Test
    void errorsInTheResponseRulesAreConfigErrorsWithTheirPositions() throws Exception {
        Files.writeString(dir.resolve("response.yaml"), """
                - rule: Kill
                  actions: [{action: Kill, actionner: kubernetes:explode}]
                """);
        Files.writeString(dir.resolve("kestrel.yaml"), "response:\n  rules_file: response.yaml\n  dry_run: maybe\n");
        KestrelConfig cfg = KestrelConfig.read(dir.resolve("kestrel.yaml"));
        assertThat(cfg.errors()).extracting(Diagnostic::format).anySatisfy(m -> assertThat(m)
                .contains("kestrel.yaml:2:15: error:")
                .contains("the response rules have an error: " + dir.resolve("response.yaml")
                        + ":2:39: error: LOAD_ERR_VALIDATE: unknown actionner 'kubernetes:explode'"));
        assertThat(cfg.errors()).extracting(Diagnostic::format).anySatisfy(m -> assertThat(m).contains("kestrel.yaml:3:12"));
    }

    @Test
    void warningsOfTheResponseRulesAreConfigWarningsAndTheSectionStillLoads() throws Exception {
        Files.writeString(dir.resolve("response.yaml"), """
                - rule: Kill
                  match: {tags: [container, shell]}
                  actions: [{action: Note, actionner: log}]
                """);
        Files.writeString(dir.resolve("kestrel.yaml"), "response:\n  rules_file: response.yaml\n");
        KestrelConfig cfg = KestrelConfig.read(dir.resolve("kestrel.yaml"));
        assertThat(cfg.errors()).isEmpty();
        assertThat(cfg.outputs()).hasSize(1);
        assertThat(cfg.warnings()).extracting(Diagnostic::format).singleElement().asString()
                .contains("kestrel.yaml:2:3: warning:")
                .contains("the response rules have a warning: " + dir.resolve("response.yaml")
                        + ":2:17: warning: LOAD_COMPILE_CONDITION: rule 'Kill' lists 2 entries in match.tags");
    }

    @Test
    void aSectionWithoutRulesFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("kestrel.yaml"), "response:\n  dry_run: true\n");
        KestrelConfig cfg = KestrelConfig.read(dir.resolve("kestrel.yaml"));
        assertThat(cfg.errors()).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("'response.rules_file' is required"));
    }
}
