package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing and hanging API servers, HTTP posts, the audit file, rate limits and the order of actions. */
class ResponderSafetyTest {

    @TempDir
    Path dir;
    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final List<ActionRecord> records = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> headers = new CopyOnWriteArrayList<>();

    /** A real HTTP server on 127.0.0.1 answering every request with {@code status}, or never when {@code hang}. */
    String serve(int status, boolean hang) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            headers.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Team")));
            if (hang) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"etcd is down\",\"code\":"
                    + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    static final String TERMINATE = """
            - rule: Kill
              actions: [{action: Kill, actionner: kubernetes:terminate}]
            """;

    @Test
    void anApiServerAnswering500IsRecordedAsAFailure() throws Exception {
        Path kubeconfig = MockCluster.writeKubeconfig(dir, serve(500, false));
        try (Responder r = Responder.builder().rulesText("r.yaml", TERMINATE).setting("kubeconfig", kubeconfig.toString())
                .listener(records::add).build()) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).startsWith("the API server answered 500 to 'read pod blog/was-1'");
        });
    }

    @Test
    void aRedirectingApiServerIsAnErrorAndItsTokenIsNotSentElsewhere() throws Exception {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        other.createContext("/", exchange -> {
            elsewhere.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + other.getAddress().getPort()
                    + exchange.getRequestURI());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.start();
        try {
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig.yaml"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: c
                      cluster: {server: "http://127.0.0.1:%d"}
                    contexts:
                    - name: c
                      context: {cluster: c, user: u, namespace: default}
                    current-context: c
                    users:
                    - name: u
                      user: {token: s3cret-token}
                    """.formatted(server.getAddress().getPort()));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Responder r = Responder.builder().rulesText("r.yaml", TERMINATE).setting("kubeconfig", kubeconfig.toString())
                        .callTimeout(Duration.ofSeconds(2)).listener(records::add).build()) {
                    r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
                }
            });
        } finally {
            other.stop(0);
        }
        assertThat(elsewhere).as("requests that reached the host the API server redirected to").isEmpty();
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).startsWith("the API server answered 307 to 'read pod blog/was-1'");
        });
    }

    @Test
    void aHangingApiServerIsReportedAndNeverBlocksTheCaller() throws Exception {
        Path kubeconfig = MockCluster.writeKubeconfig(dir, serve(200, true));
        Responder r = Responder.builder().rulesText("r.yaml", TERMINATE).setting("kubeconfig", kubeconfig.toString())
                .callTimeout(Duration.ofMillis(300)).queue(3, 1 << 20).listener(records::add).build();
        // the engine's delivery thread calls accept: 5,000 alerts for different pods go through at once
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 5000; i++) {
                r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-" + i));
            }
        });
        r.close(Duration.ofSeconds(20));
        ResponseCounters c = r.counters();
        assertThat(c.alertsMatched()).isEqualTo(5000);
        assertThat(c.jobsQueued() + c.jobsDropped()).isEqualTo(5000);
        assertThat(c.jobsDropped()).isGreaterThan(4000);
        assertThat(c.actions(ActionStatus.FAILURE)).isEqualTo(records.size()).isPositive();
        // The JDK client gives up on the request at the call timeout; depending on where its timer
        // catches the exchange it says so as a timeout or as a connection it closed itself.
        assertThat(records).allSatisfy(rec -> assertThat(rec.error()).matches(
                "(no answer from the API server in time|cannot reach the API server) to 'read pod blog/was-\\d+'.*"));
    }

    @Test
    void anApiServerTricklingItsAnswerIsAbandonedAtTheCallTimeout() throws Exception {
        List<Socket> open = new CopyOnWriteArrayList<>();
        AtomicInteger closedByClient = new AtomicInteger();
        try (ServerSocket listener = trickle("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\ne\r\n{\"kind\":\"Pod\",\r\n", "1\r\n \r\n", open, closedByClient)) {
            Path kubeconfig = MockCluster.writeKubeconfig(dir, "http://127.0.0.1:" + listener.getLocalPort());
            Responder r = Responder.builder().rulesText("r.yaml", TERMINATE).setting("kubeconfig", kubeconfig.toString())
                    .callTimeout(Duration.ofMillis(500)).listener(records::add).build();
            try {
                for (String pod : List.of("was-1", "was-2")) {
                    r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", pod));
                }
                boolean done = assertTimeoutPreemptively(Duration.ofSeconds(12), () -> r.flush(Duration.ofSeconds(8)));
                assertThat(done).as("call timeout 500 ms: both actions should end within 8 s").isTrue();
                assertThat(records).extracting(ActionRecord::error).containsExactly(
                        "no answer from the API server in time to 'read pod blog/was-1' (the call took over 500 ms and was abandoned)",
                        "no answer from the API server in time to 'read pod blog/was-2' (the call took over 500 ms and was abandoned)");
                // the abandoned exchanges are ended, not left reading the trickle
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (closedByClient.get() < 2 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                assertThat(closedByClient).as("connections the client closed").hasValue(2);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
                r.close(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void httpPostSendsTheAlertAsFalcoJsonWithTheHeaders() throws Exception {
        String url = serve(200, false) + "/hook";
        try (Responder r = Responder.builder().rulesText("r.yaml", """
                - action: Post
                  actionner: http:post
                  parameters: {url: "%s", headers: {X-Team: sec}}
                - rule: Tell
                  actions: [{action: Post}]
                """.formatted(url)).listener(records::add).build()) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
            assertThat(rec.message()).isEqualTo("posted the alert to " + url + " (HTTP 200)");
        });
        Map<String, Object> alert = JsonReader.parseObject(bodies.get(0));
        assertThat(alert).containsEntry("rule", "Shell").containsEntry("priority", "Critical");
        assertThat(headers).containsExactly("sec");
    }

    /**
     * A raw HTTP server on 127.0.0.1 whose each connection gets {@code head} at once and then
     * {@code trickle} every 100 ms until the test closes the sockets in {@code open}; a connection the
     * client closed is counted in {@code closedByClient}.
     */
    static ServerSocket trickle(String head, String trickle, List<Socket> open, AtomicInteger closedByClient)
            throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = listener.accept();
                    open.add(s);
                    Thread writer = new Thread(() -> {
                        try {
                            s.getInputStream().read(new byte[65536]);
                            OutputStream out = s.getOutputStream();
                            out.write(head.getBytes(StandardCharsets.US_ASCII));
                            while (!s.isClosed()) {
                                out.write(trickle.getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                Thread.sleep(100);
                            }
                        } catch (IOException e) {
                            if (!s.isClosed()) {
                                closedByClient.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            // the test ends
                        }
                    }, "trickle-writer");
                    writer.setDaemon(true);
                    writer.start();
                }
            } catch (IOException e) {
                // the test closed the listener
            }
        }, "trickle-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    @Test
    void anAnswerWhoseBodyNeverEndsDoesNotHoldThePost() throws Exception {
        List<Socket> open = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = trickle("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\nx\r\n", open,
                new AtomicInteger())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/hook";
            Responder r = Responder.builder().rulesText("r.yaml", """
                    - rule: Tell
                      actions: [{action: Post, actionner: http:post, parameters: {url: "%s"}}]
                    """.formatted(url)).callTimeout(Duration.ofMillis(500)).listener(records::add).build();
            try {
                r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
                boolean done = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> r.flush(Duration.ofSeconds(5)));
                assertThat(done).as("call timeout 500 ms: the action should end within 5 s").isTrue();
                assertThat(records).singleElement().satisfies(rec -> {
                    assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
                    assertThat(rec.message()).isEqualTo("posted the alert to " + url + " (HTTP 200)");
                });
            } finally {
                for (Socket s : open) {
                    s.close();
                }
                r.close(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void aUrlAnswering500IsAFailure() throws Exception {
        String url = serve(500, false);
        try (Responder r = Responder.builder().rulesText("r.yaml", """
                - rule: Tell
                  actions: [{action: Post, actionner: http:post, parameters: {url: "%s"}}]
                """.formatted(url)).listener(records::add).build()) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).isEqualTo(url + " answered HTTP 500");
        });
    }

    @Test
    void everyActionIsOneJsonLineInTheAuditFile() throws Exception {
        Path audit = dir.resolve("audit/actions.jsonl");
        try (Responder r = Responder.builder().rulesText("r.yaml", """
                - rule: Record
                  actions: [{action: Note, actionner: log}]
                - rule: Kill
                  dry_run: true
                  actions: [{action: Kill, actionner: kubernetes:terminate}]
                """).auditFile(audit).build()) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(2);
        Map<String, Object> first = JsonReader.parseObject(lines.get(0));
        assertThat(first).containsEntry("status", "success").containsEntry("dry_run", false).containsEntry("rule", "Record")
                .containsEntry("actionner", "log").containsEntry("target", "alert 'Shell' on pod blog/was-1");
        Map<String, Object> second = JsonReader.parseObject(lines.get(1));
        assertThat(second).containsEntry("status", "dry_run").containsEntry("dry_run", true)
                .containsEntry("message", "would delete pod blog/was-1 (grace period 0s)");
        assertThat(second.get("alert")).isEqualTo(Map.of("rule", "Shell", "priority", "Critical",
                "time", "2024-11-29T09:04:00Z"));
    }

    @Test
    void eachActionnerHasItsOwnRateLimit() {
        try (Responder r = Responder.builder().rulesText("r.yaml", """
                - rule: Record
                  actions: [{action: Note, actionner: log}]
                """).rateLimit("log", 1, 2).clocks(() -> 0L, Clock.systemUTC()).listener(records::add).build()) {
            for (int i = 0; i < 5; i++) {
                r.accept(TestAlerts.podAlert("Rule " + i, Priority.CRITICAL, "blog", "was-1"));
            }
        }
        assertThat(records).extracting(ActionRecord::status).containsExactly(ActionStatus.SUCCESS, ActionStatus.SUCCESS,
                ActionStatus.RATE_LIMITED, ActionStatus.RATE_LIMITED, ActionStatus.RATE_LIMITED);
        assertThat(records.get(2).error()).isEqualTo("the rate limit of log was reached; the action was not run");
    }

    /** An actionner that always fails, to see what follows a failure. */
    static final class Failing implements Actionner {
        @Override
        public String name() {
            return "test:fail";
        }

        @Override
        public Set<String> parameterNames() {
            return Set.of();
        }

        @Override
        public String target(Alert alert, ActionParameters parameters) {
            return "nothing";
        }

        @Override
        public ActionOutcome run(ActionRequest request) {
            throw new IllegalStateException("it broke");
        }
    }

    @Test
    void aFailureStopsItsRuleUnlessIgnoredAndContinueFalseStopsTheRest() {
        try (Responder r = Responder.builder().actionners(new Failing()).rulesText("r.yaml", """
                - rule: Stops
                  actions:
                    - {action: Break, actionner: "test:fail"}
                    - {action: Never, actionner: log}
                - rule: Goes on
                  actions:
                    - {action: Break2, actionner: "test:fail", ignore_errors: true}
                    - {action: After, actionner: log, continue: false}
                    - {action: Not after, actionner: log}
                  continue: false
                - rule: Not reached
                  actions: [{action: Last, actionner: log}]
                """).listener(records::add).build()) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        assertThat(records).extracting(ActionRecord::action, ActionRecord::status).containsExactly(
                Tuple.tuple("Break", ActionStatus.FAILURE),
                Tuple.tuple("Break2", ActionStatus.FAILURE),
                Tuple.tuple("After", ActionStatus.SUCCESS));
        assertThat(records.get(0).error()).isEqualTo("it broke");
    }

    /** An actionner that sleeps (a slow or, for a long time, a hanging one) and then succeeds. */
    static final class Sleeping implements Actionner {
        private final String name;
        private final long millis;

        Sleeping(String name, long millis) {
            this.name = name;
            this.millis = millis;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> parameterNames() {
            return Set.of();
        }

        @Override
        public String target(Alert alert, ActionParameters parameters) {
            return "pod " + alert.outputFields().get("k8s.pod.name");
        }

        @Override
        public ActionOutcome run(ActionRequest request) throws InterruptedException {
            Thread.sleep(millis);
            return ActionOutcome.done("slept", Map.of());
        }
    }

    @Test
    void closingWhileAnActionHangsRecordsItAndCountsWhatDidNotStartAsDropped() {
        Responder r = Responder.builder().actionners(new Sleeping("test:hang", 60_000)).rulesText("r.yaml", """
                - rule: R
                  actions:
                    - {action: Hang, actionner: "test:hang", ignore_errors: true}
                    - {action: After, actionner: log}
                """).listener(records::add).build();
        for (String pod : List.of("was-1", "was-2", "was-3")) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", pod));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> r.close(Duration.ofMillis(300)));
        ResponseCounters c = r.counters();
        // the first job's hanging action was interrupted (a failure); nothing else started
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.action()).isEqualTo("Hang");
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
        });
        assertThat(c.actionner("test:hang")).isEqualTo(new ActionCounters(3, 0, 0, 0, 1, 0, 0, 2, 0));
        assertThat(c.actionner("log")).isEqualTo(new ActionCounters(3, 0, 0, 0, 0, 0, 0, 3, 0));
        assertThat(c.jobsQueued()).isEqualTo(3);
        assertThat(c.jobsDropped()).isEqualTo(2);
        assertThat(c.queueJobs()).isZero();
    }

    @Test
    void theDeduplicationKeepsItsKeyLimitAndCountsWhatItForgot() {
        try (Responder r = Responder.builder().rulesText("r.yaml", """
                - rule: Record
                  actions: [{action: Note, actionner: log}]
                """).dedupKeys(2).listener(records::add).build()) {
            for (String pod : List.of("was-1", "was-2", "was-3", "was-1", "was-3")) {
                r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", pod));
            }
            r.flush(Duration.ofSeconds(10));
            ResponseCounters c = r.counters();
            // was-3 made room by forgetting was-1, so was-1 ran again (forgetting was-2); was-3 was still known
            assertThat(records).extracting(ActionRecord::target).containsExactly("alert 'Shell' on pod blog/was-1",
                    "alert 'Shell' on pod blog/was-2", "alert 'Shell' on pod blog/was-3", "alert 'Shell' on pod blog/was-1");
            assertThat(c.dedupKeysEvicted()).isEqualTo(2);
            assertThat(c.actionsDeduplicated()).isEqualTo(1);
            assertThat(r.metrics()).filteredOn(f -> f.name().equals("kestrel_response_dedup_evictions_total"))
                    .singleElement().satisfies(f -> assertThat(f.samples().get(0).value()).isEqualTo(2));
        }
    }

    @Test
    void anAlertWithoutAPodIsAFailureNamingTheMissingField() {
        try (Responder r = Responder.builder().rulesText("r.yaml", TERMINATE).dryRun(true).listener(records::add).build()) {
            r.accept(TestAlerts.alert("Shell", Priority.CRITICAL, List.of(), Map.of("proc.name", "sh")));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).isEqualTo("the alert has no k8s.pod.name among its output fields");
        });
    }
}
