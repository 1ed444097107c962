package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.FdScanLimits;
import dev.kestrel.sensor.proc.ProcEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc bootstrap reads a command line as the live sensor reads a new program's: up to {@code maxArgBytes}. */
class BootstrapCommandLinesTest {

    @TempDir
    Path proc;

    @Test
    void aHugeCommandLineIsCutAtMaxArgBytesMarkedAndCountedAsALiveExecs() throws IOException {
        write("stat", "btime 1700000000\n");
        process(1, "init", "init\0");
        // 2 MB of arguments: 300 such processes kept whole would hold some 600 MB at start.
        byte[] huge = ("python3\0-c\0" + "x".repeat(2_000_000) + "\0--flag\0").getBytes(StandardCharsets.UTF_8);
        process(70, "python3", new String(huge, StandardCharsets.UTF_8));

        ProcBootstrap bootstrap = new ProcBootstrap(proc, FdScanLimits.DEFAULTS, 4096);

        ProcEntry init = bootstrap.snapshots().get(0).process();
        assertThat(init.args()).containsExactly("init");
        assertThat(init.argsTruncated()).isFalse();
        ProcEntry cut = bootstrap.snapshots().get(1).process();
        assertThat(cut.argsTruncated()).isTrue();
        assertThat(cut.args()).as("the same arguments a live exec of this command line would carry")
                .isEqualTo(ExecAssembler.split(Arrays.copyOf(huge, 4096)));
        assertThat(String.join("\0", cut.args()).getBytes(StandardCharsets.UTF_8)).hasSize(4096);
        assertThat(bootstrap.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "command lines cut at 4096 bytes by the /proc bootstrap (the rest not read)", 1L));
    }

    private void process(long pid, String comm, String cmdline) throws IOException {
        write(pid + "/stat", pid + " (" + comm + ") S 0 " + pid + " " + pid + " 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n");
        write(pid + "/cmdline", cmdline);
        Files.createDirectories(proc.resolve(pid + "/fd"));
    }

    private void write(String relative, String content) throws IOException {
        Path file = proc.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
