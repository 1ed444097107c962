package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.sensor.ebpf.EbpfPreflight;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EbpfWatchTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(EbpfWatch.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(EbpfWatch.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(EbpfWatch.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(EbpfWatch.duration("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(EbpfWatch.duration("soon")).isNull();
        assertThat(EbpfWatch.duration("0s")).isNull();
    }

    @Test
    void anUnknownSourceIsBadUsage() {
        CliRunner r = CliRunner.run("watch", "--source", "dtrace", "--", "true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown source 'dtrace'").doesNotContain("Exception");
        CliRunner d = CliRunner.run("watch", "--source", "ebpf", "--duration", "soon");
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).contains("--duration needs a length");
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
                .contains("Alerts:");
    }
}
