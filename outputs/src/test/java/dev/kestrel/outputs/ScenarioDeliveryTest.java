package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.runtime.JsonLinesFeed;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.sink.OutputCounters;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bundled scenario replayed with a config that turns every output on: each output receives every alert. */
class ScenarioDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void everyOutputReceivesEveryAlertOfTheBundledScenarios() throws Exception {
        Path root = SharedFiles.root();
        List<Path> scenarios;
        try (Stream<Path> s = Files.list(root.resolve("src/scenarios"))) {
            scenarios = s.map(p -> p.resolve("events.jsonl")).filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(9);
        try (TestServer sidekick = TestServer.start(); TestServer loki = TestServer.start();
                TestServer slack = TestServer.start(); TestServer webhook = TestServer.start()) {
            Path config = dir.resolve("kestrel.yaml");
            Files.writeString(config, """
                    rules_files: [%s]
                    json_output: true
                    stdout_output: {enabled: false}
                    customfields: {cluster: test}
                    http_output: {enabled: true, url: "%s"}
                    loki: {hostport: "%s", delivery: {batch_alerts: 7, batch_age_ms: 50}}
                    slack: {webhookurl: "%s"}
                    webhook: {address: "%s"}
                    """.formatted(root.resolve("src/rules/user_rules.yaml").toAbsolutePath(), sidekick.uri("/"),
                    loki.uri(""), slack.uri("/services/T/B/X"), webhook.uri("/alerts")));
            KestrelConfig cfg = KestrelConfig.read(config, Map.of());
            assertThat(cfg.errors()).isEmpty();
            KestrelBuilder b = Kestrel.builder().defaultRules();
            cfg.applyTo(b, new ByteArrayOutputStream());
            long alerts;
            List<OutputCounters> counters;
            try (Kestrel k = b.build()) {
                for (Path events : scenarios) {
                    try (BufferedReader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
                        new EventJsonReader().read(r, new JsonLinesFeed(k));
                    }
                }
                k.close();
                alerts = k.counters().alerts();
                counters = k.outputCounters();
            }
            assertThat(alerts).isGreaterThanOrEqualTo(9);
            assertThat(counters).extracting(OutputCounters::output).containsExactly("http_output", "loki", "slack", "webhook");
            assertThat(counters).allSatisfy(c -> {
                assertThat(c.accepted()).as(c.output()).isEqualTo(alerts);
                assertThat(c.delivered()).as(c.output()).isEqualTo(alerts);
            });
            assertThat(sidekick.accepted()).hasSize((int) alerts);
            assertThat(slack.accepted()).hasSize((int) alerts);
            assertThat(webhook.accepted()).hasSize((int) alerts);
            assertThat(webhook.accepted()).allSatisfy(r -> assertThat(r.body()).contains("\"cluster\":\"test\""));
            assertThat(sidekick.accepted()).allSatisfy(r -> assertThat(r.body()).doesNotContain("\"cluster\""));
            long lokiLines = 0;
            Pattern value = Pattern.compile("\\[\"\\d+\",\"");
            for (TestServer.Request r : loki.accepted()) {
                Matcher m = value.matcher(r.body());
                while (m.find()) {
                    lokiLines++;
                }
            }
            assertThat(lokiLines).isEqualTo(alerts);
        }
    }
}
