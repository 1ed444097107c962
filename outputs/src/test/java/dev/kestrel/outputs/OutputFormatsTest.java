package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.output.AlertJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each output against a real server on 127.0.0.1: the exact bodies, headers and labels it sends. */
class OutputFormatsTest {

    static final DeliveryLimits FAST = DeliveryLimits.DEFAULTS
            .withRetries(5, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(50))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    static final String FALCO_JSON = "{\"hostname\":\"node-1\",\"output\":\"03:04:05.123456789: Warning Shell spawned (proc=bash pid=42)\","
            + "\"output_fields\":{\"evt.time\":1704164645123456789,\"fd.name\":null,\"k8s.ns.name\":\"shop\","
            + "\"k8s.pod.name\":\"cart-7d9\",\"proc.name\":\"bash\",\"proc.pid\":42},\"priority\":\"Warning\",\"rule\":\"r1\","
            + "\"source\":\"syscall\",\"tags\":[\"mitre_execution\",\"shell\"],\"time\":\"2024-01-02T03:04:05.123456789Z\"}";

    @Test
    void httpOutputPostsFalcoJsonAsFalcoDoes() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpOutput out = new HttpOutput(new HttpOutput.Settings(server.uri("/"), "falcosecurity/falco", true,
                    AlertJson.Options.DEFAULTS, Priority.DEBUG, TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("r1"));
            out.close();
            TestServer.Request r = server.accepted().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.body()).isEqualTo(FALCO_JSON);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("User-Agent")).isEqualTo("falcosecurity/falco");
            assertThat(out.counters().delivered()).isEqualTo(1);
        }
    }

    @Test
    void httpOutputSendsTheTextLineWithoutJsonOutput() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpOutput out = new HttpOutput(new HttpOutput.Settings(server.uri("/falco"), "kestrel", false,
                    AlertJson.Options.DEFAULTS, Priority.DEBUG, TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("r1"));
            out.close();
            TestServer.Request r = server.accepted().get(0);
            assertThat(r.body()).isEqualTo("03:04:05.123456789: Warning Shell spawned (proc=bash pid=42)");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain");
            assertThat(r.header("User-Agent")).isEqualTo("kestrel");
            assertThat(r.path()).isEqualTo("/falco");
        }
    }

    @Test
    void httpOutputHonoursTheJsonIncludeProperties() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpOutput out = new HttpOutput(new HttpOutput.Settings(server.uri("/"), "k", true,
                    new AlertJson.Options(false, false, true, false), Priority.DEBUG, TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("r1"));
            out.close();
            assertThat(server.accepted().get(0).body()).isEqualTo("{\"hostname\":\"node-1\",\"message\":\"Shell spawned (proc=bash pid=42)\","
                    + "\"priority\":\"Warning\",\"rule\":\"r1\",\"source\":\"syscall\",\"time\":\"2024-01-02T03:04:05.123456789Z\"}");
        }
    }

    @Test
    void lokiPushesOneStreamPerLabelSetWithSidekickLabels() throws Exception {
        try (TestServer server = TestServer.start()) {
            LokiOutput out = new LokiOutput(new LokiOutput.Settings(server.uri("/loki/api/v1/push"), "acme", "bob", "s3cret",
                    Priority.DEBUG, List.of("proc.name", "proc.pid"), false, Map.of("X-Team", "sec"), Map.of("cluster", "prod-1"),
                    TlsOptions.DEFAULT, FAST.withBatch(10, Duration.ofSeconds(30))));
            out.accept(Alerts.alert("r1"));
            out.accept(Alerts.alert("r2", Priority.CRITICAL));
            out.accept(Alerts.alert("r1"));
            out.close();
            assertThat(server.accepted()).hasSize(1);
            TestServer.Request r = server.accepted().get(0);
            String line = "03:04:05.123456789: Warning Shell spawned (proc=bash pid=42)";
            String labels = "\"cluster\":\"prod-1\",\"hostname\":\"node-1\",\"k8s_ns_name\":\"shop\",\"k8s_pod_name\":\"cart-7d9\","
                    + "\"priority\":\"%s\",\"proc_name\":\"bash\",\"rule\":\"%s\",\"source\":\"syscall\",\"tags\":\"mitre_execution,shell\"";
            assertThat(r.body()).isEqualTo("{\"streams\":["
                    + "{\"stream\":{" + labels.formatted("Warning", "r1") + "},\"values\":[[\"1704164645123456789\",\"" + line + "\"],"
                    + "[\"1704164645123456789\",\"" + line + "\"]]},"
                    + "{\"stream\":{" + labels.formatted("Critical", "r2") + "},\"values\":[[\"1704164645123456789\",\""
                    + line.replace("Warning", "Critical") + "\"]]}]}");
            assertThat(r.path()).isEqualTo("/loki/api/v1/push");
            assertThat(r.header("X-Scope-OrgID")).isEqualTo("acme");
            assertThat(r.header("Authorization")).isEqualTo("Basic Ym9iOnMzY3JldA==");
            assertThat(r.header("X-Team")).isEqualTo("sec");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(out.counters().delivered()).isEqualTo(3);
        }
    }

    @Test
    void lokiJsonFormatCarriesTheWholeAlertWithCustomFields() throws Exception {
        try (TestServer server = TestServer.start()) {
            LokiOutput out = new LokiOutput(new LokiOutput.Settings(server.uri("/p"), "", "", "", Priority.DEBUG, List.of(),
                    true, Map.of(), Map.of("cluster", "prod-1"), TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("r1"));
            out.close();
            TestServer.Request r = server.accepted().get(0);
            String json = FALCO_JSON.replace("\"evt.time\"", "\"cluster\":\"prod-1\",\"evt.time\"");
            assertThat(r.body()).contains("\"values\":[[\"1704164645123456789\","
                    + JsonWriter.write(json) + "]]");
            assertThat(r.header("Authorization")).isNull();
            assertThat(r.header("X-Scope-OrgID")).isNull();
        }
    }

    @Test
    void lokiBatchesByAgeWhenFewAlertsCome() throws Exception {
        try (TestServer server = TestServer.start()) {
            LokiOutput out = new LokiOutput(new LokiOutput.Settings(server.uri("/p"), "", "", "", Priority.DEBUG, List.of(),
                    false, Map.of(), Map.of(), TlsOptions.DEFAULT, FAST.withBatch(1000, Duration.ofMillis(200))));
            out.accept(Alerts.alert("r1"));
            out.accept(Alerts.alert("r2"));
            assertThat(server.awaitAccepted(1, Duration.ofSeconds(20))).hasSize(1);
            assertThat(out.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(out.counters().delivered()).isEqualTo(2);
            out.close();
        }
    }

    @Test
    void slackAllFormatIsSidekicksAttachment() throws Exception {
        try (TestServer server = TestServer.start()) {
            SlackOutput out = new SlackOutput(new SlackOutput.Settings(server.uri("/services/T0/B0/XYZ"), "#sec", "Kestrel", "",
                    "", Priority.DEBUG, SlackOutput.Format.ALL, null, Map.of("cluster", "prod-1"), FAST));
            out.accept(Alerts.alert("r1", Priority.CRITICAL));
            out.close();
            TestServer.Request r = server.accepted().get(0);
            String line = "03:04:05.123456789: Critical Shell spawned (proc=bash pid=42)";
            assertThat(r.body()).isEqualTo("{\"username\":\"Kestrel\",\"channel\":\"#sec\",\"attachments\":[{"
                    + "\"fallback\":\"" + line + "\",\"color\":\"#ff5400\",\"text\":\"" + line + "\",\"fields\":["
                    + "{\"title\":\"rule\",\"value\":\"r1\",\"short\":true},"
                    + "{\"title\":\"priority\",\"value\":\"Critical\",\"short\":true},"
                    + "{\"title\":\"source\",\"value\":\"syscall\",\"short\":true},"
                    + "{\"title\":\"hostname\",\"value\":\"node-1\",\"short\":true},"
                    + "{\"title\":\"tags\",\"value\":\"mitre_execution, shell\",\"short\":true},"
                    + "{\"title\":\"cluster\",\"value\":\"prod-1\",\"short\":true},"
                    + "{\"title\":\"k8s.ns.name\",\"value\":\"shop\",\"short\":true},"
                    + "{\"title\":\"k8s.pod.name\",\"value\":\"cart-7d9\",\"short\":true},"
                    + "{\"title\":\"proc.name\",\"value\":\"bash\",\"short\":true},"
                    + "{\"title\":\"time\",\"value\":\"2024-01-02 03:04:05.123456789 +0000 UTC\",\"short\":false}]}]}");
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        }
    }

    @Test
    void slackTextFormatAndMessageTemplate() throws Exception {
        try (TestServer server = TestServer.start()) {
            SlackOutput out = new SlackOutput(new SlackOutput.Settings(server.uri("/hook"), "", "", "", "", Priority.DEBUG,
                    SlackOutput.Format.TEXT, MessageTemplate.parse("Rule *{{ .Rule }}* ({{ .Priority }}) in pod {{ index .OutputFields \"k8s.pod.name\" }}"),
                    Map.of(), FAST));
            out.accept(Alerts.alert("r1", Priority.NOTICE));
            out.close();
            String line = "03:04:05.123456789: Notice Shell spawned (proc=bash pid=42)";
            assertThat(server.accepted().get(0).body()).isEqualTo("{\"text\":\"Rule *r1* (Notice) in pod cart-7d9\","
                    + "\"attachments\":[{\"fallback\":\"" + line + "\",\"color\":\"#5bffb5\",\"text\":\"" + line + "\",\"fields\":null}]}");
        }
    }

    @Test
    void slackColoursFollowSidekick() {
        assertThat(SlackOutput.color(Priority.EMERGENCY)).isEqualTo("#e20b0b");
        assertThat(SlackOutput.color(Priority.ERROR)).isEqualTo("#e20b0b");
        assertThat(SlackOutput.color(Priority.ALERT)).isEqualTo("#ff5400");
        assertThat(SlackOutput.color(Priority.WARNING)).isEqualTo("#ffc700");
        assertThat(SlackOutput.color(Priority.INFORMATIONAL)).isEqualTo("#68c2ff");
        assertThat(SlackOutput.color(Priority.DEBUG)).isEqualTo("#ccfff2");
    }

    @Test
    void webhookSendsFalcoJsonWithCustomFieldsAndHeaders() throws Exception {
        try (TestServer server = TestServer.start()) {
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(server.uri("/in"), true,
                    Map.of("Authorization", "Bearer t0k"), Priority.DEBUG, Map.of("cluster", "prod-1"), TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("r1"));
            out.close();
            TestServer.Request r = server.accepted().get(0);
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.body()).isEqualTo(FALCO_JSON.replace("\"evt.time\"", "\"cluster\":\"prod-1\",\"evt.time\""));
            assertThat(r.header("Authorization")).isEqualTo("Bearer t0k");
        }
    }

    @Test
    void minimumPriorityFollowsSidekickOrdering() throws Exception {
        try (TestServer server = TestServer.start()) {
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(server.uri("/in"), false, Map.of(),
                    Priority.ERROR, Map.of(), TlsOptions.DEFAULT, FAST));
            out.accept(Alerts.alert("warning", Priority.WARNING));
            out.accept(Alerts.alert("error", Priority.ERROR));
            out.accept(Alerts.alert("critical", Priority.CRITICAL));
            out.close();
            assertThat(server.accepted()).extracting(r -> r.body().replaceAll(".*\"rule\":\"([a-z]+)\".*", "$1"))
                    .containsExactly("error", "critical");
            assertThat(out.counters().accepted()).isEqualTo(2);
        }
    }
}
