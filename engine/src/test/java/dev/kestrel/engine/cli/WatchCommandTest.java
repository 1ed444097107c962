package dev.kestrel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.sensor.strace.StracePreflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
