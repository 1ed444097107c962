package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.sensor.ebpf.EbpfPreflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EbpfWatchTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownSourceIsBadUsage() {
        CliRunner r = CliRunner.run("watch", "--source", "dtrace", "--", "true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown source 'dtrace'").doesNotContain("Exception");
        CliRunner d = CliRunner.run("watch", "--source", "ebpf", "--duration", "soon");
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).contains("--duration needs a length");
        CliRunner m = CliRunner.run("watch", "--source", "ebpf", "--map-entries", "12");
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("--map-entries needs a whole number from 1024 to 1048576, not '12'")
                .doesNotContain("Exception");
    }

    @Test
    void mapSizesReadAsWholeNumbersInRange() {
        assertThat(EbpfWatch.mapEntries("4096")).isEqualTo(4096);
        assertThat(EbpfWatch.mapEntries(" 1048576 ")).isEqualTo(1 << 20);
        assertThat(EbpfWatch.mapEntries("1023")).isNull();
        assertThat(EbpfWatch.mapEntries("lots")).isNull();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void watchingTheHostWithEbpfAlertsOnAShadowRead() {
        SystemTests.require(SystemTests.root(), "the eBPF sensor needs root");
        String problem = EbpfPreflight.check("bpftrace").orElse(null);
        SystemTests.require(problem == null, "the eBPF sensor cannot run here: " + problem);
        CliRunner r = CliRunner.run("watch", "--source", "ebpf", "--rules", SharedFiles.falcoRules().toString(), "--json",
                "--", "cat", "/etc/shadow");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"rule\":\"Read sensitive file untrusted\"").contains("/etc/shadow");
        assertThat(r.err()).contains("Sensor:").contains("events from eBPF").contains("by type:").contains("execve")
                .contains("Alerts:")
                .doesNotContain("which the eBPF sensor does not watch");
    }

    /**
     * The done-when line: {@code kestrel watch --source ebpf} with Falco's rules, no command,
     * prints the alert for a {@code cat /etc/shadow} another process runs, and Ctrl-C (SIGINT) ends it
     * with no bpftrace left behind.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void watchingTheWholeHostAlertsOnAShadowReadFromAnotherShellAndStopsOnCtrlC() throws Exception {
        SystemTests.require(SystemTests.root(), "the eBPF sensor needs root");
        String problem = EbpfPreflight.check("bpftrace").orElse(null);
        SystemTests.require(problem == null, "the eBPF sensor cannot run here: " + problem);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process jvm = ChildCli.start(List.of(), out, err, "watch", "--source", "ebpf", "--rules",
                SharedFiles.falcoRules().toString(), "--json", "--duration", "4m");
        try {
            awaitText(err, "kestrel watch: watching the host", jvm);
            List<ProcessHandle> bpftrace = jvm.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/bpftrace")).orElse(false)).toList();
            assertThat(bpftrace).as("bpftrace runs under the watch JVM").isNotEmpty();
            Process cat = new ProcessBuilder("sh", "-c", "cat /etc/shadow > /dev/null").start();
            assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String alert = awaitText(out, "\"rule\":\"Read sensitive file untrusted\"", jvm);
            assertThat(alert).contains("file=/etc/shadow").contains("cat /etc/shadow");
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor()).isZero();
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the watch JVM ends on Ctrl-C").isTrue();
            // The summary still comes: the JVM halts only after it was printed.
            assertThat(Files.readString(err)).containsPattern("Sensor: \\d+ events from eBPF, 0 lost in the kernel, 0 dropped")
                    .contains(" 0 lines not understood").contains("Alerts: ");
            for (ProcessHandle h : bpftrace) {
                h.onExit().get(10, TimeUnit.SECONDS);
                assertThat(h.isAlive()).as("bpftrace is stopped").isFalse();
            }
        } finally {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }

    /** Waits (bounded, a hang guard) until {@code file} has a line containing {@code text}; that line. */
    private static String awaitText(Path file, String text, Process jvm) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            if (!jvm.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with '" + text + "' in " + file.getFileName() + "; stderr: "
                + (Files.exists(file.resolveSibling("err")) ? Files.readString(file.resolveSibling("err")) : ""));
    }
}
