package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final Path ROOT = SharedFiles.root();
    private static final String SHADOW = ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString();
    private static final String NETCAT = ROOT.resolve("src/scenarios/07-netcat-reverse-shell/events.jsonl").toString();

    @Test
    void printsFalcoTextAlertsAndASummary() {
        CliRunner r = CliRunner.run("replay", SHADOW);
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{9}: Warning Sensitive file opened for reading "
                + "\\(file=/etc/shadow user=root program=cat");
        assertThat(r.err()).contains("Events: 5 processed, 0 skipped",
                "Metadata records: 10 (snapshot 4, container 1, pod 1, user 3, group 1)", "Alerts: 1 (Warning 1)",
                "1  Sensitive file read by untrusted program");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonAlertsAreFalcoShaped() throws Exception {
        CliRunner r = CliRunner.run("replay", "--json", NETCAT);
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        Map<String, Object> alert = JsonReader.parseObject(lines.get(0));
        assertThat(alert.keySet()).containsExactly("hostname", "output", "output_fields", "priority", "rule", "source",
                "tags", "time");
        assertThat(alert).containsEntry("rule", "Unexpected outbound connection from container")
                .containsEntry("priority", "Notice").containsEntry("source", "syscall");
        assertThat((String) alert.get("time")).matches("2024-11-29T09:06:00\\.\\d{9}Z");
        Map<String, Object> fields = (Map<String, Object>) alert.get("output_fields");
        assertThat(fields).containsEntry("fd.sport", 4444L).containsEntry("fd.sip", "1.2.3.4")
                .containsEntry("k8s.ns.name", "blog-system").containsKey("evt.time");
        assertThat((List<String>) alert.get("tags")).isSorted().contains("network");
    }

    @Test
    void minimumPriorityDropsLessSevereRules() {
        CliRunner r = CliRunner.run("replay", "--min-priority", "error", SHADOW);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Alerts: 0");
    }

    @Test
    void readsStandardInputAndCountsBadLines() throws Exception {
        String events = Files.readString(Path.of(SHADOW)) + "not json\n{\"type\": \"nosuchcall\", \"tid\": 1}\n";
        CliRunner r = CliRunner.withInput(events, "replay", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Sensitive file opened for reading");
        assertThat(r.err()).contains("2 skipped", "first skipped lines:", "unknown event type \"nosuchcall\"");
    }

    @Test
    void aFileWithABadUtf8LineIsReadLikeStandardInput(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i <= 20_000; i++) {
            String line = "{\"ts\": " + i + ", \"type\": \"close\", \"tid\": 7, \"args\": {\"fd\": 3}}\n";
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (i == 10_000) {
                b[b.length - 5] = (byte) 0xFE;
            }
            bytes.writeBytes(b);
        }
        Path events = dir.resolve("events.jsonl");
        Files.write(events, bytes.toByteArray());
        CliRunner r = CliRunner.run("replay", events.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("Events: 19999 processed, 1 skipped", "line 10000: not valid UTF-8 text: byte")
                .doesNotContain("Input length");
    }

    @Test
    void brokenRulesAreReportedWithTheirPlace(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("broken.yaml");
        Files.writeString(rules, "- rule: r\n  desc: d\n  condition: proc.nme = bash\n  output: x\n  priority: warning\n");
        CliRunner r = CliRunner.run("replay", "--rules", rules.toString(), SHADOW);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(rules + ":3:").contains("proc.nme").contains("nothing was replayed")
                .doesNotContain("Exception");
    }

    @Test
    void aMissingEventsFileIsAnInputError() {
        CliRunner r = CliRunner.run("replay", "/no/such/events.jsonl");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no such events file: /no/such/events.jsonl");
    }

    @Test
    void aBinaryRulesFileIsNamedAsNotUtf8(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("garbage.yaml");
        Files.write(rules, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x80});
        CliRunner r = CliRunner.run("replay", "--rules", rules.toString(), SHADOW);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("kestrel replay: cannot read rules file " + rules + ": it is not valid UTF-8 text");
    }
}
