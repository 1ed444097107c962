package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheDefaultFormatForEachMatchingEnterAndExitEvent() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("sample.scap"), 7, 4);
        CliRunner r = CliRunner.run("filter", "evt.type=execve", capture.toString());
        assertThat(r.code()).isZero();
        // 4 shells, 2 curls and a cp: 7 execs, each an enter line (old name) and an exit line (new name)
        assertThat(r.out().lines().toList()).hasSize(2 * 7).allMatch(l -> l.matches("\\d+ execve \\S+"))
                .anyMatch(l -> l.endsWith(" execve sshd")).anyMatch(l -> l.endsWith(" execve curl"));
    }

    @Test
    void aLineWithAMissingFieldIsLeftOutUnlessTheFormatStartsWithAStar() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("sample.scap"), 7, 2);
        CliRunner strict = CliRunner.run("filter", "-p", "%evt.num %evt.dir %fd.name", "evt.type=openat", capture.toString());
        CliRunner all = CliRunner.run("filter", "-p", "*%evt.num %evt.dir %fd.name", "evt.type=openat", capture.toString());
        assertThat(strict.out().lines()).allMatch(l -> l.contains(" < "));
        assertThat(all.out().lines().filter(l -> l.endsWith("> <NA>")).count()).isPositive();
        assertThat(all.out().lines().count()).isGreaterThan(strict.out().lines().count());
    }

    @Test
    void macrosOfARulesFileMayBeUsed() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("sample.scap"), 7, 3);
        Path rules = Files.writeString(dir.resolve("m.yaml"), "- macro: shell_procs\n  condition: proc.name = bash\n");
        CliRunner r = CliRunner.run("filter", "--rules", rules.toString(), "-p", "%proc.name", "shell_procs and evt.dir=<",
                capture.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).isNotEmpty().allMatch(l -> l.equals("bash"));
    }

    @Test
    void aBrokenConditionIsReportedWithItsPosition() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("sample.scap"), 7, 1);
        CliRunner r = CliRunner.run("filter", "proc.nme = bash", capture.toString());
        assertThat(r.code()).isEqualTo(Command.FAILED);
        assertThat(r.err()).isEqualTo("kestrel filter: the condition, column 1: LOAD_ERR_COMPILE_CONDITION: unknown field"
                + " 'proc.nme' (did you mean proc.name?)\nkestrel filter: the condition or the rules have 1 error(s)\n");
        CliRunner second = CliRunner.run("filter", "evt.type = open and\n  proc.nme = bash", capture.toString());
        assertThat(second.err()).startsWith("kestrel filter: the condition, line 2, column 3: LOAD_ERR_COMPILE_CONDITION");
        CliRunner format = CliRunner.run("filter", "-p", "%proc.nme", "evt.type = open", capture.toString());
        assertThat(format.err()).startsWith("kestrel filter: the format: LOAD_ERR_COMPILE_OUTPUT").contains("proc.nme");
    }

    @Test
    void aTruncatedCaptureEndsWithTheBlockAndOffsetAfterItsEarlierMatches() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("sample.scap"), 7, 2);
        byte[] bytes = Files.readAllBytes(capture);
        Path cut = Files.write(dir.resolve("cut.scap"), Arrays.copyOf(bytes, bytes.length - 7));
        CliRunner r = CliRunner.run("filter", "evt.type=procexit", cut.toString());
        assertThat(r.code()).isEqualTo(Command.FAILED);
        assertThat(r.out().lines()).isNotEmpty();
        assertThat(r.err()).contains("the capture ends inside the block").contains(" at byte ").doesNotContain("Exception");
    }

    @Test
    void replayRecognisesACaptureByItsContent() throws IOException {
        Path capture = SampleCapture.write(dir.resolve("capture.bin"), 7, 3);
        Path rules = Files.writeString(dir.resolve("r.yaml"), """
                - rule: shadow read
                  desc: test
                  condition: evt.type = openat and evt.dir = < and fd.name = /etc/shadow
                  output: shadow read by %proc.name (%evt.num)
                  priority: warning
                """);
        CliRunner r = CliRunner.run("replay", "--rules", rules.toString(), capture.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Warning shadow read by bash (");
        assertThat(r.err()).contains("Events: ").contains("0 skipped");
    }
}
