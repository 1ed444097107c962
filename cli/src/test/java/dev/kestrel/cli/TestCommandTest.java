package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kestrel test}: TAP-like lines, the summary line, exit codes, --json, --junit, --events. */
class TestCommandTest {


    @TempDir
    Path dir;

    private Path rules;

    @BeforeEach
    void rules() throws Exception {
        rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                - rule: Shadow read
                  desc: a read of /etc/shadow
                  condition: evt.type = openat and fd.name = /etc/shadow
                  output: shadow read (file=%fd.name proc=%proc.name)
                  priority: warning
                """);
    }

    private Path tests(String body) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "rules: [rules.yaml]\ntests:\n" + body);
        return f;
    }

    private static final String PASSING = """
              - name: cat reads shadow
                given: {processes: [{id: cat, exe: /bin/cat}]}
                when: [{as: cat, open: /etc/shadow}]
                expect: [{rule: Shadow read, priority: Warning, output_fields: {proc.name: cat}}]
            """;

    @Test
    void passingTestsPrintOkLinesAndTheSummaryLast() throws Exception {
        CliRunner r = CliRunner.run("test", tests(PASSING).toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().strip().split("\n")).containsExactly("ok 1 - cat reads shadow", "1 passed, 0 failed");
    }

    @Test
    void aFailingTestPrintsItsReasonsIndentedAndExitsWithOne() throws Exception {
        CliRunner r = CliRunner.run("test", tests(PASSING + """
                  - name: cat is not bash
                    given: {processes: [{id: cat, exe: /bin/cat}]}
                    when: [{as: cat, open: /etc/shadow}]
                    expect: [{rule: Shadow read, output_fields: {proc.name: bash}}]
                  - name: nothing expected
                    given: {processes: [{id: cat, exe: /bin/cat}]}
                    when: [{as: cat, open: /etc/shadow}]
                    expect: []
                """).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().strip().split("\n")).containsExactly(
                "ok 1 - cat reads shadow",
                "not ok 2 - cat is not bash",
                "  rule Shadow read fired but field proc.name was \"cat\", expected \"bash\"",
                "not ok 3 - nothing expected",
                "  expected no alert, got rule Shadow read",
                "1 passed, 2 failed");
    }

    @Test
    void aBrokenTestFileIsReportedWithFileLineAndColumnAndExitsWithTwo() throws Exception {
        Path f = tests("""
                  - name: typo
                    given: {processes: [{id: cat, exe: /bin/cat}]}
                    when: [{as: cat, opne: /etc/shadow}]
                    expect: []
                """);
        CliRunner r = CliRunner.run("test", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":5:22: error: LOAD_ERR_YAML_VALIDATE: unknown action or option 'opne'",
                "did you mean 'open'?");
    }

    @Test
    void anUnknownRuleNameIsABrokenFile() throws Exception {
        Path f = tests("""
                  - name: typo in the rule
                    when: []
                    expect: [{rule: Shadow reed}]
                """);
        CliRunner r = CliRunner.run("test", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":5:21: error: LOAD_ERR_VALIDATE: no loaded rule is named 'Shadow reed'");
    }

    @Test
    void jsonJunitAndEventsOutputs() throws Exception {
        Path junit = dir.resolve("junit.xml");
        CliRunner r = CliRunner.run("test", "--json", "--events", "--junit", junit.toString(), tests(PASSING).toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\"name\":\"cat reads shadow\",\"ok\":true,\"alerts\":[{")
                .contains("\"problems\":[]", "\"events\":[{", "\"type\":\"openat\"");
        assertThat(r.err()).contains("1 passed, 0 failed");
        assertThat(Files.readString(junit)).contains("<testsuite name=\"" + dir.resolve("t.yaml") + "\" tests=\"1\" failures=\"0\"",
                "<testcase classname=", "name=\"cat reads shadow\"/>");

        CliRunner events = CliRunner.run("test", "--events", tests(PASSING).toString());
        assertThat(events.out()).contains("# events of test 1 - cat reads shadow\n{\"ts\":");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(CliRunner.run("test").code()).isEqualTo(2);
        assertThat(CliRunner.run("test", "--nope", "x.yaml").code()).isEqualTo(2);
        assertThat(CliRunner.run("test", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
    }

    @Test
    void theProjectsRuleTestsPass() {
        SharedFiles.falcoRules();
        CliRunner r = CliRunner.run("test", SharedFiles.root().resolve("src/tests/blog-system.rules-test.yaml").toString());
        assertThat(r.out()).doesNotContain("not ok").endsWith("passed, 0 failed\n");
        assertThat(r.code()).isZero();
    }
}
