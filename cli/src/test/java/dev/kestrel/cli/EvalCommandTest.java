package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @Test
    void printsWhetherTheConditionMatches() {
        CliRunner yes = CliRunner.run("eval", "proc.name in (bash, sh) and container.id != host",
                "{\"fields\": {\"proc.name\": \"bash\", \"container.id\": \"3ad7b26ded6d\"}}");
        assertThat(yes.code()).isZero();
        assertThat(yes.out()).isEqualTo("true\n");
        CliRunner no = CliRunner.run("eval", "proc.name = bash", "{\"fields\": {\"proc.name\": \"zsh\"}}");
        assertThat(no.out()).isEqualTo("false\n");
    }

    @Test
    void withoutRulesTheDefaultRulesetsMacrosCanBeUsed() {
        CliRunner r = CliRunner.run("eval", "container and proc.name = bash",
                "{\"fields\": {\"proc.name\": \"bash\", \"container.id\": \"3ad7b26ded6d\"}}");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("true\n");
        assertThat(CliRunner.run("eval", "container", "{\"fields\": {\"container.id\": \"host\"}}").out())
                .isEqualTo("false\n");
    }

    @Test
    void aListTransformerCanBeTestedForExistence() {
        // Found by the accepted-conditions property: this once failed to compile with a ClassCastException.
        CliRunner empty = CliRunner.run("eval", "getopt((), \"-\") exists", "{\"fields\": {}}");
        assertThat(empty.err()).isEmpty();
        assertThat(empty.out()).isEqualTo("false\n");
    }

    @Test
    void aMissingFieldMakesEveryComparisonFalse() {
        assertThat(CliRunner.run("eval", "proc.name != bash", "{\"fields\": {}}").out()).isEqualTo("false\n");
        assertThat(CliRunner.run("eval", "not proc.name = bash", "{\"fields\": {\"proc.name\": null}}").out())
                .isEqualTo("true\n");
    }

    @Test
    void macrosAndListsOfRulesFilesCanBeUsed(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                - list: web_servers
                  items: [nginx, httpd]
                - macro: web_server
                  condition: proc.name in (web_servers)
                """);
        CliRunner r = CliRunner.run("eval", "--rules", rules.toString(), "web_server and fd.name startswith /etc/",
                "{\"fields\": {\"proc.name\": \"nginx\", \"fd.name\": \"/etc/shadow\"}}");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("true\n");
    }

    @Test
    void theOfficialMacrosWork() {
        String falco = SharedFiles.falcoRules().toString();
        CliRunner r = CliRunner.run("eval", "--rules", falco, "spawned_process and container and shell_procs",
                "{\"fields\": {\"evt.type\": \"execve\", \"proc.name\": \"sh\", \"container.id\": \"3ad7b26ded6d\"}}");
        assertThat(r.out()).isEqualTo("true\n");
    }

    @Test
    void errorsPointIntoTheCondition() {
        CliRunner r = CliRunner.run("eval", "proc.nme = bash", "{\"fields\": {}}");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("kestrel eval: column 1: LOAD_ERR_COMPILE_CONDITION: unknown field 'proc.nme'"
                + " (did you mean proc.name?)\n");
        assertThat(CliRunner.run("eval", "proc.name = x", "{\"proc.name\": \"x\"}").err()).contains("\"fields\" object");
        assertThat(CliRunner.run("eval", "proc.name = x", "{nope").err()).contains("not valid JSON");
    }

    @Test
    void batchAnswersOneLinePerLine() {
        String input = """
                {"condition": "fd.name startswith /etc/", "fields": {"fd.name": "/etc/shadow"}}
                {"condition": "fd.name startswith /etc/", "fields": {"fd.name": "/tmp/x"}}

                {"condition": "proc.name = x and", "fields": {}}
                {"condition": "proc.name = x", "fields": {"proc.nmae": "x"}}
                garbage
                {"fields": {}}
                {"condition": "fd.name startswith /etc/", "fields": {"fd.name": "/etc/passwd"}}
                """;
        CliRunner r = CliRunner.withInput(input, "eval", "--batch");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "{\"match\":true}",
                "{\"match\":false}",
                "{\"error\":\"column 18: LOAD_ERR_COMPILE_CONDITION: expected a blank or '(' after 'and'\"}",
                "{\"error\":\"unknown field 'proc.nmae' (did you mean proc.name?)\"}",
                "{\"error\":\"not valid JSON (column 1): unexpected character 'g'\"}",
                "{\"error\":\"each line needs a \\\"condition\\\" string\"}",
                "{\"match\":true}");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void valuesOfTheWrongTypeAreErrorsNotSilentMismatches() {
        String input = String.join("\n",
                "{\"condition\": \"proc.pid = 1\", \"fields\": {\"proc.pid\": \"abc\"}}",
                "{\"condition\": \"proc.pid = 1\", \"fields\": {\"proc.pid\": 99999999999999999999999}}",
                "{\"condition\": \"proc.name = a\", \"fields\": {\"proc.name\": {\"a\": 1}}}",
                "{\"condition\": \"proc.pid = 1\", \"fields\": {\"proc.pid\": \"1\"}}",
                "{\"condition\": \"proc.pid = 1\", \"fields\": {\"proc.pid\": 1}}") + "\n";
        CliRunner r = CliRunner.withInput(input, "eval", "--batch");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("{\"error\":\"'proc.pid' is a int64 field; its value must be a whole number")
                .contains("got \\\"abc\\\"");
        assertThat(lines.get(1)).startsWith("{\"error\":\"'proc.pid' is a int64 field");
        assertThat(lines.get(2)).isEqualTo("{\"error\":\"the value of 'proc.name' is an object; give a string, number, boolean, array or null\"}");
        assertThat(lines.subList(3, 5)).containsOnly("{\"match\":true}");
    }

    /** The repro and the newer forms: answers, never a stack trace. */
    @Test
    void theNewerLanguageEvaluatesWithoutStackTraces() {
        String cat = "{\"fields\": {\"proc.name\": \"cat\", \"evt.type\": \"getcwd\", \"evt.rawarg.res\": -22}}";
        String[][] cases = {
            {"join(\"-\", (proc.name, proc.name)) = cat-cat", "true\n"},
            {"proc.name == oneof (cat, nginx)", "true\n"},
            {"proc.name != allof (cat, nginx)", "false\n"},
            {"tolower(evt.type) = getcwd", "true\n"},
            {"evt.rawarg.res < -1", "true\n"}};
        for (String[] c : cases) {
            CliRunner r = CliRunner.run("eval", c[0], cat);
            assertThat(r.err()).as(c[0]).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out()).as(c[0]).isEqualTo(c[1]);
        }
        CliRunner bad = CliRunner.run("eval", "proc.name regex 'a\\\\d'", cat);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid escape sequence").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
