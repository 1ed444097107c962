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
        CliRunner h = CliRunner.run("watch", "--source", "ebpf", "--resolve-hosts", "10ms");
        assertThat(h.code()).isEqualTo(2);
        assertThat(h.err()).contains("--resolve-hosts needs an interval of at least 1s").doesNotContain("Exception");
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
        requireEbpf();
        CliRunner r = CliRunner.run("watch", "--source", "ebpf", "--rules", SharedFiles.falcoRules().toString(), "--json",
                "--", "cat", "/etc/shadow");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"rule\":\"Read sensitive file untrusted\"").contains("/etc/shadow");
        assertThat(r.err()).contains("Sensor:").contains("events from eBPF").contains("by type:").contains("execve")
                .contains("Alerts:")
                .doesNotContain("which the eBPF sensor does not watch");
    }

    /**
     * {@code --resolve-hosts}: a rule comparing {@code fd.sip.name} with a name fires on a connection to its
     * address. The name is {@code localhost}, which the host's {@code /etc/hosts} answers: no DNS query leaves.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void resolvedHostNamesLetRulesOnAServersNameFire() throws Exception {
        requireEbpf();
        SystemTests.require(SystemTests.onPath("python3"), "the client needs python3");
        Path rules = Files.writeString(dir.resolve("named.yaml"), """
                - rule: Connection to a named server
                  desc: a test's connection to localhost, told by name
                  condition: evt.type = connect and fd.sip.name = localhost and proc.cmdline contains kestrel-resolve-test
                  output: connected to %fd.sip.name (%fd.sip)
                  priority: notice
                """);
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRunner r = CliRunner.run("watch", "--source", "ebpf", "--rules", rules.toString(), "--json", "--resolve-hosts", "60s",
                    "--", "python3", "-c", "import socket, sys\nsocket.create_connection(('127.0.0.1', int(sys.argv[1]))).close()",
                    Integer.toString(server.getLocalPort()), "kestrel-resolve-test");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("connected to localhost (127.0.0.1)");
            assertThat(r.err()).containsPattern("Host names: [1-9]\\d* lookups found addresses, 0 failed");
        }
    }

    /**
     * The done-when line: {@code kestrel watch --source ebpf} with Falco's rules, no command,
     * prints the alert for a {@code cat /etc/shadow} another process runs, and Ctrl-C (SIGINT) ends it
     * with no bpftrace left behind.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void watchingTheWholeHostAlertsOnAShadowReadFromAnotherShellAndStopsOnCtrlC() throws Exception {
        requireEbpf();
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

    /** Skips the test (or fails it in CI) unless the eBPF sensor can run here. */
    private static void requireEbpf() {
        SystemTests.require(SystemTests.root(), "the eBPF sensor needs root");
        String problem = EbpfPreflight.check("bpftrace").orElse(null);
        SystemTests.require(problem == null, "the eBPF sensor cannot run here: " + problem);
    }
}
