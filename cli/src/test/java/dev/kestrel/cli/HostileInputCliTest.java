package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and messages for inputs that used to hang, crash or lie (docs/limits.md, "The command
 * line"; docs/cli.md).
 */
class HostileInputCliTest {

    private static final String EVENTS = """
            {"ts": 1732867400000000000, "type": "openat", "tid": 10, "pid": 10, "ret": 3, "args": {"dirfd": -100, "name": "/etc/shadow", "flags": "O_RDONLY"}}
            """;

    @TempDir
    Path dir;

    @Test
    void replayIntoAFullDiskSaysSoAndExitsNonZero() throws Exception {
        Path rules = dir.resolve("r.yaml");
        Files.writeString(rules, """
                - rule: Shadow read
                  desc: d
                  condition: evt.type = openat and fd.name = /etc/shadow
                  output: shadow opened by %proc.name
                  priority: warning
                """);
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, EVENTS.repeat(2));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream full = new PrintStream(new FileOutputStream("/dev/full"), true, StandardCharsets.UTF_8)) {
            code = new KestrelCli().run(List.of("replay", "--rules", rules.toString(), events.toString()),
                    new ByteArrayInputStream(new byte[0]), full, new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(e).isEqualTo(1);
        assertThat(e).contains("Alerts: 2").contains("2 failed in a sink")
                .contains("kestrel replay: 2 of 2 alert(s) could not be written");
    }

    @Test
    void replayToARealFullDeviceExitsNonZero() throws Exception {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, EVENTS);
        Path rules = dir.resolve("r.yaml");
        Files.writeString(rules, "- rule: Any\n  desc: d\n  condition: evt.type = openat\n  output: x %fd.name\n  priority: warning\n");
        Process p = ChildCli.command(List.of(), "replay", "--rules", rules.toString(), events.toString())
                .redirectOutput(new File("/dev/full")).redirectError(dir.resolve("err").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String e = Files.readString(dir.resolve("err"));
        assertThat(p.exitValue()).as(e).isEqualTo(1);
        assertThat(e).contains("could not be written");
    }

    @Test
    void validateRefusesDevicesAndPipesAtOnce() throws Exception {
        CliRunner zero = CliRunner.run("validate", "/dev/zero");
        assertThat(zero.code()).isNotZero();
        assertThat(zero.err() + zero.out()).contains("/dev/zero").contains("character device").doesNotContain("Exception");
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CliRunner pipe = CliRunner.run("validate", fifo.toString());
        assertThat(pipe.code()).isNotZero();
        assertThat(pipe.err() + pipe.out()).contains("named pipe");
    }

    /**
     * Every file the commands are given is refused by its type before it is read: /dev/zero would fill the heap and
     * a FIFO no one writes would never end. Each runs in a JVM of its own with a small heap, bounded in time.
     */
    @Test
    void responseRulesAndRuleTestFilesAreRefusedByTypeAtOnce() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        List<List<String>> commands = List.of(
                List.of("test", "/dev/zero"),
                List.of("test", fifo.toString()),
                List.of("replay", "--dry-run", "--response", "/dev/zero", events.toString()),
                List.of("replay", "--dry-run", "--response", fifo.toString(), events.toString()));
        for (List<String> command : commands) {
            Process p = ChildCli.start(List.of("-Xmx256m"), dir.resolve("out"), dir.resolve("err"), command.toArray(String[]::new));
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String all = Files.readString(dir.resolve("out")) + Files.readString(dir.resolve("err"));
            assertThat(ended).as("%s ends", command).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, all).isNotZero();
            assertThat(all).as(String.join(" ", command)).containsAnyOf("character device", "named pipe")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aBatchLineLongerThanTheLimitIsAnsweredAsSuchAndTheNextLinesStillAre() {
        String input = "\"" + "a".repeat(InputLines.MAX_LINE_BYTES + 10) + "\"\n\"proc.name = x\"\n";

        CliRunner parse = CliRunner.withInput(input, "parse", "--batch");
        CliRunner eval = CliRunner.withInput("{\"condition\": \"" + "a".repeat(InputLines.MAX_LINE_BYTES) + "\"}\n"
                + "{\"condition\": \"proc.name = x\", \"fields\": {\"proc.name\": \"x\"}}\n", "eval", "--batch");

        assertThat(parse.code()).isZero();
        assertThat(parse.out().lines().toList()).hasSize(2);
        assertThat(parse.out().lines().toList().get(0)).contains("more than the " + InputLines.MAX_LINE_BYTES);
        assertThat(parse.out().lines().toList().get(1)).contains("proc.name = x").doesNotContain("error");
        assertThat(eval.out().lines().toList()).hasSize(2);
        assertThat(eval.out().lines().toList().get(0)).contains("more than the " + InputLines.MAX_LINE_BYTES);
        assertThat(eval.out().lines().toList().get(1)).isEqualTo("{\"match\":true}");
    }

    @Test
    void aDuplicateConditionIsReportedAtItsLine() throws Exception {
        Path rules = dir.resolve("dup.yaml");
        Files.writeString(rules, "- rule: R\n  desc: d\n  condition: proc.name = a\n  output: x\n  priority: warning\n"
                + "  priority: debug\n");
        CliRunner r = CliRunner.run("validate", rules.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err() + r.out()).contains("dup.yaml:6:3").contains("'priority' is given twice");
    }

    @Test
    void theListAndMacroBombFailsAsALimitInASmallHeap() throws Exception {
        Path bomb = dir.resolve("bomb.yaml");
        StringBuilder b = new StringBuilder("- list: big\n  items: [");
        for (int i = 0; i < 100_000; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("i%05d", i));
        }
        b.append("]\n");
        for (int k = 1; k < 99; k++) {
            b.append("- list: l").append(k).append("\n  items: [big]\n");
        }
        b.append("- macro: m0\n  condition: proc.name in (big)\n");
        for (int k = 1; k < 99; k++) {
            b.append("- macro: m").append(k).append("\n  condition: m").append(k - 1).append(" or proc.name in (l")
                    .append(k).append(")\n");
        }
        b.append("- rule: r\n  desc: d\n  condition: evt.type = open and m98\n  output: x\n  priority: WARNING\n");
        Files.writeString(bomb, b);
        Process p = ChildCli.start(List.of("-Xmx256m"), dir.resolve("out"), dir.resolve("err"), "validate", bomb.toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the load ends").isTrue();
        String all = Files.readString(dir.resolve("out")) + Files.readString(dir.resolve("err"));
        assertThat(p.exitValue()).as(all).isEqualTo(1);
        assertThat(all).contains("maxRulesExpandedChars").doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }
}
