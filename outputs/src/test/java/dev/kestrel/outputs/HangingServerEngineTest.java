package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.TestRules;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.sink.OutputCounters;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that never answers slows neither Kestrel.process nor the other outputs, and its alerts are reported failed. */
class HangingServerEngineTest {

    @TempDir
    Path dir;

    @Test
    void aHangingOutputDoesNotSlowProcessNorTheOtherOutputs() throws Exception {
        Files.writeString(dir.resolve("r.yaml"), TestRules.SHELL);
        try (TestServer hanging = TestServer.start().hang(); TestServer healthy = TestServer.start()) {
            Path config = dir.resolve("kestrel.yaml");
            Files.writeString(config, """
                    rules_files: [r.yaml]
                    stdout_output: {enabled: false}
                    webhook: {address: "%s", delivery: {timeout_ms: 60000, flush_timeout_ms: 1000}}
                    loki: {hostport: "%s", delivery: {batch_age_ms: 10}}
                    """.formatted(hanging.uri("/"), healthy.uri("")));
            var b = Kestrel.builder();
            KestrelConfig.read(config, Map.of()).applyTo(b, new ByteArrayOutputStream());
            Kestrel k = b.build();
            int alerts = 300;
            long start = System.nanoTime();
            for (int i = 0; i < alerts; i++) {
                k.processFieldValues(Map.of("proc.name", "bash"));
            }
            long processMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(processMs).as("300 matching events with one output hanging (generous bound against hangs)")
                    .isLessThan(20_000);
            long closeStart = System.nanoTime();
            k.close();
            long closeMs = (System.nanoTime() - closeStart) / 1_000_000;
            assertThat(closeMs).as("close bounded by the flush timeout, not the 60 s request timeout").isLessThan(15_000);
            OutputCounters webhook = k.outputCounters().stream().filter(c -> c.output().equals("webhook")).findFirst().orElseThrow();
            OutputCounters loki = k.outputCounters().stream().filter(c -> c.output().equals("loki")).findFirst().orElseThrow();
            assertThat(webhook.delivered()).isZero();
            assertThat(webhook.failed()).isEqualTo(alerts);
            assertThat(loki.delivered()).isEqualTo(alerts);
            assertThat(k.counters().alertsDropped()).isZero();
        }
    }
}
