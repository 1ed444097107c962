package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.Promtool;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.runtime.Kestrel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The responder's counters on the webserver's /metrics: a kestrel.yaml with a {@code webserver} and a
 * {@code response} section, real alerts from the engine, actions against fabric8's mock API server,
 * and a real scrape on 127.0.0.1.
 */
class ResponseMetricsTest extends AgainstMockCluster {

    @BeforeEach
    void startPod() {
        cluster.pod("blog", "was-1", Map.of("app", "was"), "ReplicaSet", "was");
    }

    private static final String FALCO_RULES = """
            - rule: Shell in pod
              desc: d
              condition: proc.name = bash
              output: Shell (pod=%k8s.pod.name ns=%k8s.ns.name)
              priority: CRITICAL
              tags: [container, shell]
            """;

    private static final String RESPONSE_RULES = """
            - rule: Note
              actions: [{action: Note, actionner: log}]
            - rule: Kill
              actions: [{action: Kill, actionner: kubernetes:terminate}]
            - rule: Pretend
              dry_run: true
              actions: [{action: Label, actionner: kubernetes:label, parameters: {labels: {quarantine: "true"}}}]
            """;

    /** An engine configured with the webserver on {@code port} and the response rules. */
    private Kestrel kestrel(int port) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), FALCO_RULES);
        Files.writeString(dir.resolve("response.yaml"), RESPONSE_RULES);
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, """
                rules_files: [rules.yaml]
                stdout_output: {enabled: false}
                webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: %d, prometheus_metrics_enabled: true}
                response: {rules_file: response.yaml, kubeconfig: "%s"}
                """.formatted(port, cluster.kubeconfig));
        KestrelConfig cfg = KestrelConfig.read(config, Map.of());
        assertThat(cfg.errors()).isEmpty();
        var b = Kestrel.builder();
        cfg.applyTo(b, new ByteArrayOutputStream());
        return b.build();
    }

    /** Three alerts: pod was-1 (deleted), was-1 again (every action a duplicate), gone-1 (no such pod). */
    private static void raiseAlerts(Kestrel k) {
        k.processFieldValues(Map.of("proc.name", "bash", "k8s.pod.name", "was-1", "k8s.ns.name", "blog"));
        k.processFieldValues(Map.of("proc.name", "bash", "k8s.pod.name", "was-1", "k8s.ns.name", "blog"));
        k.processFieldValues(Map.of("proc.name", "bash", "k8s.pod.name", "gone-1", "k8s.ns.name", "blog"));
        k.flush(Duration.ofSeconds(10));
    }

    /** Scrapes until every planned action has ended (the worker is done), at most 30 s. */
    private static String scrapeWhenSettled(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body;
        do {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            body = r.body();
            if (samples(body, "kestrel_response_actions_planned_total").values().stream().mapToLong(Long::longValue).sum() == 9
                    && pending(body) == 0) {
                return body;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return body;
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*\\})? (-?\\d+)$", Pattern.MULTILINE);

    /** The samples of {@code family}, by their label text. */
    static Map<String, Long> samples(String body, String family) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(family)) {
                out.put(m.group(2) == null ? "" : m.group(2), Long.parseLong(m.group(3)));
            }
        }
        return out;
    }

    /** Planned actions minus those that ended, all actionners together. */
    static long pending(String body) {
        long planned = samples(body, "kestrel_response_actions_planned_total").values().stream().mapToLong(Long::longValue).sum();
        long ended = samples(body, "kestrel_response_actions_total").values().stream().mapToLong(Long::longValue).sum();
        return planned - ended;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void theResponseCountersAreServedWithTheirValues() throws Exception {
        int port = freePort();
        try (Kestrel k = kestrel(port)) {
            raiseAlerts(k);
            String body = scrapeWhenSettled(port);
            assertThat(body).contains(
                    "# HELP kestrel_response_actions_total Actions by actionner and how they ended",
                    "# TYPE kestrel_response_actions_total counter\n",
                    "# TYPE kestrel_response_queue_jobs gauge\n",
                    "kestrel_response_alerts_total{status=\"received\"} 3\n",
                    "kestrel_response_alerts_total{status=\"matched\"} 3\n",
                    // the second alert's actions were all duplicates: nothing was queued for it
                    "kestrel_response_jobs_total{status=\"queued\"} 2\n",
                    "kestrel_response_jobs_total{status=\"dropped\"} 0\n",
                    "kestrel_response_queue_jobs 0\n",
                    "kestrel_response_queue_bytes 0\n",
                    "kestrel_response_actions_planned_total{actionner=\"log\"} 3\n",
                    "kestrel_response_actions_planned_total{actionner=\"kubernetes:terminate\"} 3\n",
                    "kestrel_response_actions_planned_total{actionner=\"kubernetes:label\"} 3\n",
                    "kestrel_response_actions_total{actionner=\"log\",outcome=\"success\"} 2\n",
                    "kestrel_response_actions_total{actionner=\"log\",outcome=\"deduplicated\"} 1\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:terminate\",outcome=\"success\"} 1\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:terminate\",outcome=\"failure\"} 1\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:terminate\",outcome=\"deduplicated\"} 1\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:terminate\",outcome=\"dropped\"} 0\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:label\",outcome=\"dry_run\"} 2\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:label\",outcome=\"success\"} 0\n",
                    "kestrel_response_actions_total{actionner=\"kubernetes:label\",outcome=\"rate_limited\"} 0\n",
                    "kestrel_response_record_errors_total{to=\"audit_file\"} 0\n");
            assertThat(pending(body)).isZero();
            assertThat(samples(body, "kestrel_response_actions_total")).hasSize(3 * 8);
            // the engine's own metrics are still there, before the sinks' families
            assertThat(body.indexOf("falcosecurity_scap_n_evts_total 3\n")).isNotNegative()
                    .isLessThan(body.indexOf("kestrel_response_alerts_total"));
        }
        assertThat(cluster.exists("blog", "was-1")).isFalse();
    }

    @Test
    void promtoolAcceptsTheResponseMetrics() throws Exception {
        Promtool.require();
        int port = freePort();
        try (Kestrel k = kestrel(port)) {
            raiseAlerts(k);
            String body = scrapeWhenSettled(port);
            assertThat(body).contains("kestrel_response_actions_total{");
            Promtool.assertAccepts(body);
        }
    }
}
