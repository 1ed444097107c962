package dev.kestrel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.Priority;
import dev.kestrel.core.testsupport.TestRules;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.engine.runtime.AppendOutput;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KestrelConfigTest {

    @TempDir
    Path dir;

    private KestrelConfig read(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, yaml);
        return KestrelConfig.read(file, env);
    }

    @Test
    void appliesFalcosEngineKeys() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/a.yaml"), "- list: a\n  items: []\n");
        Files.writeString(dir.resolve("rules/b.yml"), "- list: b\n  items: []\n");
        Files.writeString(dir.resolve("user.yaml"), "- list: u\n  items: []\n");
        KestrelConfig c = read("""
                rules_files: [rules, user.yaml]
                priority: warning
                rule_matching: all
                json_output: true
                json_include_output_property: false
                json_include_tags_property: true
                json_include_message_property: yes
                json_include_output_fields_property: true
                time_format_iso_8601: true
                append_output:
                  - match: {source: syscall, tags: [container]}
                    extra_output: "pod=%k8s.pod.name"
                    extra_fields: [k8s.ns.name, {cluster: "${CLUSTER}"}, {env: "${ENV_NAME:-dev}"}]
                outputs_queue: {capacity: 500}
                stdout_output: {enabled: false}
                file_output: {enabled: true, keep_alive: true, filename: ./events.txt}
                customfields: {cluster: "${CLUSTER}"}
                log_level: info
                rules:
                  - disable: {rule: "Noisy*"}
                  - enable: {tag: network}
                """, Map.of("CLUSTER", "prod-1"));
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(18);
            assertThat(w.message()).contains("'log_level' is a Falco setting Kestrel does not implement");
        });
        assertThat(c.rulesFiles()).containsExactly(dir.resolve("rules/a.yaml"), dir.resolve("rules/b.yml"),
                dir.resolve("user.yaml"));
        assertThat(c.priority()).isEqualTo(Priority.WARNING);
        assertThat(c.ruleMatching()).isEqualTo(RuleMatching.ALL);
        assertThat(c.jsonOutput()).isTrue();
        assertThat(c.json()).isEqualTo(new AlertJson.Options(false, true, true, true));
        assertThat(c.stdoutEnabled()).isFalse();
        assertThat(c.fileOutput().filename()).isEqualTo(dir.resolve("events.txt"));
        assertThat(c.customFields()).containsExactly(Map.entry("cluster", "prod-1"));
        assertThat(c.appendOutputs).singleElement().satisfies(a -> {
            assertThat(a.source()).isEqualTo("syscall");
            assertThat(a.tags()).containsExactly("container");
            assertThat(a.extraOutput()).isEqualTo("pod=%k8s.pod.name");
            assertThat(a.extraFields()).containsExactly(AppendOutput.ExtraField.raw("k8s.ns.name"),
                    AppendOutput.ExtraField.formatted("cluster", "prod-1"), AppendOutput.ExtraField.formatted("env", "dev"));
        });
        assertThat(c.queueCapacity).isEqualTo(500);
        assertThat(c.selections).hasSize(2);
        assertThat(c.describe()).contains("priority: warning", "json_include_message_property: true",
                "outputs_queue.capacity: 500", "customfields: {cluster=prod-1}");
    }

    @Test
    void anEmptyConfigIsFalcosDefaults() throws Exception {
        KestrelConfig c = read("# nothing\n", Map.of());
        assertThat(c.ok()).isTrue();
        assertThat(c.priority()).isEqualTo(Priority.DEBUG);
        assertThat(c.stdoutEnabled()).isTrue();
        assertThat(c.jsonOutput()).isFalse();
        assertThat(c.json()).isEqualTo(AlertJson.Options.DEFAULTS);
        assertThat(c.outputs()).isEmpty();
    }

    @Test
    void aSectionTurnedOffWithoutItsModuleIsOnlyAWarning() throws Exception {
        KestrelConfig c = read("webserver:\n  enabled: false\n", Map.of());
        assertThat(c.ok()).isTrue();
        assertThat(c.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("needs kestrel-outputs"));
    }

    @Test
    void dollarDollarWritesALiteralDollarBrace() throws Exception {
        KestrelConfig c = read("customfields: {note: \"$${HOME}\"}\n", Map.of());
        assertThat(c.customFields()).containsEntry("note", "${HOME}");
    }

    @Test
    void builderConfigRunsTheRulesAndWritesJsonToTheFileOutput() throws Exception {
        Files.writeString(dir.resolve("r.yaml"), TestRules.SHELL + "  tags: [shell]\n");
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, """
                rules_files: [r.yaml]
                json_output: true
                json_include_message_property: true
                stdout_output: {enabled: true}
                file_output: {enabled: true, filename: out.jsonl}
                append_output:
                  - extra_fields: [{cluster: prod-1}]
                """);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        var builder = Kestrel.builder().hostname("h");
        KestrelConfig.read(file, Map.of()).applyTo(builder, stdout);
        try (var k = builder.build()) {
            k.processFieldValues(Map.of("proc.name", "bash"));
            k.flush(Duration.ofSeconds(10));
        }
        String line = Files.readString(dir.resolve("out.jsonl")).strip();
        assertThat(line).startsWith("{\"hostname\":\"h\",\"message\":\"Shell (proc=bash)\",\"output\":")
                .contains("\"cluster\":\"prod-1\"", "\"proc.name\":\"bash\"", "\"tags\":[\"shell\"]");
        assertThat(stdout.toString(StandardCharsets.UTF_8).strip()).isEqualTo(line);
    }

    @Test
    void builderConfigThrowsEveryErrorWithItsPosition() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "priority: loud\njson_output: 3\n");
        assertThatThrownBy(() -> Kestrel.builder().config(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":1:11: error: CONFIG_BAD_VALUE")
                .hasMessageContaining(file + ":2:14: error: CONFIG_BAD_VALUE");
    }
}
