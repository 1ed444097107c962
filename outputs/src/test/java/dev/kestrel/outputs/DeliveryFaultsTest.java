package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.engine.sink.OutputCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an output behaves when its server fails, hangs, refuses or is not there yet. */
class DeliveryFaultsTest {

    private static final DeliveryLimits FAST = OutputFormatsTest.FAST;

    private static WebhookOutput webhook(URI uri, DeliveryLimits limits) {
        return new WebhookOutput(new WebhookOutput.Settings(uri, false, Map.of(), Priority.DEBUG, Map.of(),
                TlsOptions.DEFAULT, limits));
    }

    @Test
    void twoServiceUnavailableThenOkLosesNothing() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.answer(503, 503);
            WebhookOutput out = webhook(server.uri("/"), FAST);
            for (int i = 0; i < 5; i++) {
                out.accept(Alerts.alert("r" + i));
            }
            out.close();
            OutputCounters c = out.counters();
            assertThat(c.delivered()).isEqualTo(5);
            assertThat(c.retried()).isEqualTo(2);
            assertThat(c.failed() + c.dropped() + c.pending()).isZero();
            assertThat(server.accepted()).extracting(r -> r.body().replaceAll(".*\"rule\":\"(r[0-9])\".*", "$1"))
                    .containsExactly("r0", "r1", "r2", "r3", "r4");
            assertThat(server.requests()).hasSize(7);
        }
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.answer(new TestServer.Answer(429, Map.of("Retry-After", "1"), "slow down"));
            WebhookOutput out = webhook(server.uri("/"), FAST);
            long start = System.nanoTime();
            out.accept(Alerts.alert("r1"));
            assertThat(server.awaitAccepted(1, Duration.ofSeconds(20))).hasSize(1);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            out.close();
            assertThat(waitedMs).as("waited at least the server's Retry-After of 1 s").isGreaterThanOrEqualTo(900);
            assertThat(out.counters().retried()).isEqualTo(1);
            assertThat(out.counters().delivered()).isEqualTo(1);
        }
    }

    @Test
    void otherClientErrorsAreNotRetriedAndCountAsFailed() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.answer(400);
            WebhookOutput out = webhook(server.uri("/"), FAST);
            out.accept(Alerts.alert("bad"));
            out.accept(Alerts.alert("good"));
            out.close();
            OutputCounters c = out.counters();
            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.delivered()).isEqualTo(1);
            assertThat(c.retried()).isZero();
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void reasonsNameTheStatusAndServerMessageButNotTheSecretPath() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.answer(403);
            var http = HttpClient.newHttpClient();
            var request = HttpRequest.newBuilder(server.uri("/services/T0/SECRET")).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            SendResult r = SendResult.send(http, request, HttpClients.target(server.uri("/services/T0/SECRET")), Duration.ofMinutes(1));
            assertThat(r.kind()).isEqualTo(SendResult.Kind.REFUSED);
            assertThat(r.reason()).isEqualTo("http://127.0.0.1:" + server.port() + " answered HTTP 403: server says no (403)");
            assertThat(r.reason()).doesNotContain("SECRET");
        }
    }

    @Test
    void aHangingServerDoesNotSlowAcceptAndIsReported() throws Exception {
        try (TestServer server = TestServer.start().hang()) {
            DeliveryLimits limits = FAST.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2))
                    .withRetries(2, Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(20));
            WebhookOutput out = webhook(server.uri("/"), limits);
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                out.accept(Alerts.alert("r" + i));
            }
            long acceptMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(acceptMs).as("200 accepts against a hanging server (generous bound against hangs)").isLessThan(5_000);
            long closeStart = System.nanoTime();
            out.close();
            long closeMs = (System.nanoTime() - closeStart) / 1_000_000;
            assertThat(closeMs).as("close is bounded by the flush timeout (2 s) plus 1 s").isLessThan(10_000);
            OutputCounters c = out.counters();
            assertThat(c.delivered()).isZero();
            assertThat(c.failed()).isEqualTo(200);
            assertThat(c.pending()).isZero();
        }
    }

    @Test
    void aServerDownAtStartReceivesTheBufferedAlertsOnceUp() throws Exception {
        int port = TestServer.freePort();
        DeliveryLimits limits = FAST.withRetries(100, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofMillis(100));
        WebhookOutput out = webhook(URI.create("http://127.0.0.1:" + port + "/"), limits);
        for (int i = 0; i < 3; i++) {
            out.accept(Alerts.alert("r" + i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.counters().retried() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.counters().retried()).as("retried while the server was down").isPositive();
        try (TestServer server = TestServer.startOn(port)) {
            assertThat(server.awaitAccepted(3, Duration.ofSeconds(30))).hasSize(3);
            out.close();
            assertThat(out.counters().delivered()).isEqualTo(3);
            assertThat(out.counters().failed()).isZero();
        }
    }

    @Test
    void aFullBufferCountsDropsByCountAndByBytes() throws Exception {
        try (TestServer server = TestServer.start().hang()) {
            DeliveryLimits limits = FAST.withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(500)).withBuffer(5, 1L << 20)
                    .withRetries(1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
            WebhookOutput out = webhook(server.uri("/"), limits);
            for (int i = 0; i < 50; i++) {
                out.accept(Alerts.alert("r" + i));
            }
            OutputCounters during = out.counters();
            assertThat(during.dropped()).isBetween(44L, 45L);
            assertThat(during.accounted()).isEqualTo(50);
            out.close();
            OutputCounters c = out.counters();
            assertThat(c.delivered() + c.failed() + c.dropped()).isEqualTo(50);

            int size = AlertJson.toJson(Alerts.alert("r1")).length();
            WebhookOutput bytes = webhook(server.uri("/"), limits.withBuffer(1000, 3L * size + 10));
            for (int i = 0; i < 10; i++) {
                bytes.accept(Alerts.alert("r" + i));
            }
            assertThat(bytes.counters().dropped()).isBetween(6L, 7L);
            bytes.close();
            assertThat(bytes.counters().accounted()).isEqualTo(10);
        }
    }

    @Test
    void alertsAfterCloseAreDropped() throws Exception {
        try (TestServer server = TestServer.start()) {
            WebhookOutput out = webhook(server.uri("/"), FAST);
            out.close();
            out.accept(Alerts.alert("late"));
            assertThat(out.counters().dropped()).isEqualTo(1);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        assertThat(SendResult.retryAfter("7", Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(7));
        assertThat(SendResult.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Duration.ofMinutes(1))).isEqualTo(Duration.ZERO);
        assertThat(SendResult.retryAfter("soon", Duration.ofMinutes(1))).isNull();
        assertThat(SendResult.retryAfter(null, Duration.ofMinutes(1))).isNull();
    }
}
