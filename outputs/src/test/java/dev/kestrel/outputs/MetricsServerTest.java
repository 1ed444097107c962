package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.testsupport.Promtool;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.runtime.Kestrel;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webserver section: /healthz as Falco answers it, /metrics in Prometheus' text format checked by promtool. */
class MetricsServerTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            - rule: Shell in container
              desc: d
              condition: proc.name = bash
              output: Shell (proc=%proc.name)
              priority: WARNING
              tags: [shell, mitre_execution, T1059]
            """;

    private Kestrel kestrelWithWebserver(int port, TestServer webhook) throws Exception {
        Files.writeString(dir.resolve("r.yaml"), RULES);
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, """
                rules_files: [r.yaml]
                stdout_output: {enabled: false}
                webhook: {address: "%s"}
                webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: %d, prometheus_metrics_enabled: true}
                """.formatted(webhook.uri("/"), port));
        var b = Kestrel.builder();
        KestrelConfig.read(config, Map.of()).applyTo(b, new ByteArrayOutputStream());
        return b.build();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two process snapshots and a container: records, counted apart from the events. */
    private static void feedRecords(Kestrel k) {
        Event e = new Event();
        k.process(e.resetProcess(1, ProcessSnapshot.builder().pid(10).comm("init").exe("init").build()));
        k.process(e.resetProcess(2, ProcessSnapshot.builder().pid(11).ppid(10).comm("sh").exe("sh").build()));
        k.process(e.resetContainer(3, ContainerMetadata.builder().id("b71c0f4e9a12").name("was").build()));
    }

    @Test
    void healthAndMetricsWithFalcosNames() throws Exception {
        int port = TestServer.freePort();
        try (TestServer webhook = TestServer.start(); Kestrel k = kestrelWithWebserver(port, webhook)) {
            k.processFieldValues(Map.of("proc.name", "bash"));
            k.processFieldValues(Map.of("proc.name", "bash"));
            feedRecords(k);
            k.flush(Duration.ofSeconds(10));
            webhook.awaitAccepted(2, Duration.ofSeconds(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (k.outputCounters().get(0).delivered() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<String> health = get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\": \"ok\"}");
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            assertThat(metrics.body()).contains(
                    "# TYPE falcosecurity_falco_rules_matches_total counter\n",
                    "falcosecurity_falco_rules_matches_total{priority=\"4\",rule_name=\"Shell in container\",source=\"syscall\","
                            + "tag_T1059=\"true\",tag_mitre_execution=\"true\",tag_shell=\"true\"} 2\n",
                    "falcosecurity_scap_n_evts_total 2\n",
                    "# TYPE kestrel_metadata_records_total counter\n",
                    "kestrel_metadata_records_total{kind=\"snapshot\"} 2\n",
                    "kestrel_metadata_records_total{kind=\"container\"} 1\n",
                    "kestrel_metadata_records_total{kind=\"pod\"} 0\n",
                    "falcosecurity_falco_outputs_queue_num_drops_total 0\n",
                    "kestrel_output_alerts_total{output=\"webhook\",status=\"delivered\"} 2\n",
                    "kestrel_output_alerts_total{output=\"webhook\",status=\"dropped\"} 0\n",
                    "kestrel_state_entries{table=\"threads\"} ",
                    "falcosecurity_scap_n_drops_full_threadtable_total 0\n",
                    "kestrel_state_evictions_total{reason=\"full\",table=\"threads\"} 0\n");
            assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        Promtool.require();
        int port = TestServer.freePort();
        try (TestServer webhook = TestServer.start(); Kestrel k = kestrelWithWebserver(port, webhook)) {
            k.processFieldValues(Map.of("proc.name", "bash"));
            feedRecords(k);
            k.flush(Duration.ofSeconds(10));
            String body = get(port, "/metrics").body();
            assertThat(body).contains("kestrel_metadata_records_total{kind=\"snapshot\"} 2\n");
            Promtool.assertAccepts(body);
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (TestServer taken = TestServer.start(); TestServer webhook = TestServer.start()) {
            Assertions.assertThatThrownBy(() -> kestrelWithWebserver(taken.port(), webhook).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the 'webserver' output could not start: cannot listen on 127.0.0.1:" + taken.port());
        }
    }
}
