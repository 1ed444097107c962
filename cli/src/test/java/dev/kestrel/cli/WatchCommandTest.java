package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.sensor.strace.StracePreflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutACommandOrPidItIsAUsageError() {
        CliRunner r = CliRunner.run("watch");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("kestrel watch: give a command to trace");
        assertThat(CliRunner.run("watch", "-p", "abc").err()).contains("-p needs a process id");
        assertThat(CliRunner.run("watch", "--bogus", "--", "true").err()).contains("unknown option '--bogus'");
    }

    @Test
    void aMissingStraceIsOneSentenceAndExitCodeTwo() {
        CliRunner r = CliRunner.run("watch", "--strace", dir.resolve("no-strace").toString(), "--", "true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("kestrel watch: strace is not installed").contains("apt-get install strace")
                .doesNotContain("Exception");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void ptraceNotPermittedIsOneSentenceAndExitCodeTwo() throws IOException {
        Path fake = dir.resolve("strace");
        Files.writeString(fake, "#!/bin/sh\necho 'strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: "
                + "Operation not permitted' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        CliRunner r = CliRunner.run("watch", "--strace", fake.toString(), "--", "true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kestrel watch: " + StracePreflight.NOT_PERMITTED + System.lineSeparator());
    }

    @Test
    void officialRuleFiresOnCatOfShadowUnderShAndNotOnLs() {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        SystemTests.require(SystemTests.root(),
                "only root can read /etc/shadow, and the official rule fires only on an open that succeeds");
        String rules = SharedFiles.falcoRules().toString();
        CliRunner r = CliRunner.run("watch", "--rules", rules, "--json", "--", "sh", "-c", "cat /etc/shadow > /dev/null");
        assertThat(r.code()).as(r.err()).isZero();
        List<Map<String, Object>> alerts = alerts(r.out(), "Read sensitive file untrusted");
        assertThat(alerts).as(r.out() + r.err()).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) alerts.get(0).get("output_fields");
        assertThat(fields).containsEntry("fd.name", "/etc/shadow").containsEntry("proc.name", "cat")
                .containsEntry("proc.pname", "sh");
        assertThat(alerts.get(0)).containsEntry("priority", "Warning");

        CliRunner ls = CliRunner.run("watch", "--rules", rules, "--json", "--", "ls", "/tmp");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(alerts(ls.out(), "Read sensitive file untrusted")).isEmpty();
    }

    /** The JSON alerts of rule {@code rule} in {@code out} (one JSON object per line). */
    private static List<Map<String, Object>> alerts(String out, String rule) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                Map<String, Object> alert = JsonReader.parseObject(line);
                if (rule.equals(alert.get("rule"))) {
                    found.add(alert);
                }
            } catch (JsonException e) {
                throw new AssertionError("not a JSON alert: " + line, e);
            }
        }
        return found;
    }

    @Test
    void theCommandsExitStatusIsPassedThrough() {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        CliRunner r = CliRunner.run("watch", "--", "sh", "-c", "exit 3");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("Sensor: ").contains("Events: ");
    }
}
