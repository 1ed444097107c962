package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clients that start a request and never finish it, then an ordinary health check. */
class MetricsServerSlowClientTest {

    /** Starts a request on a new connection that never ends (no empty line after the headers). */
    private static Socket unfinishedRequest(MetricsServer server) throws Exception {
        Socket slow = new Socket("127.0.0.1", server.port());
        slow.setSoTimeout(15_000);
        OutputStream o = slow.getOutputStream();
        o.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        o.flush();
        return slow;
    }

    /** The health check's status, -1 when it did not answer within {@code timeout}. */
    private static int healthStatus(MetricsServer server, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .timeout(timeout).GET().build();
        return assertTimeoutPreemptively(timeout.plusSeconds(5), () -> {
            try {
                return client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (HttpTimeoutException e) {
                return -1;
            }
        });
    }

    @Test
    void oneUnfinishedRequestDoesNotBlockTheHealthCheck() throws Exception {
        MetricsServer server = new MetricsServer("127.0.0.1", 0, "/healthz", true, () -> null);
        try (Socket slow = unfinishedRequest(server)) {
            Thread.sleep(300);
            assertThat(healthStatus(server, Duration.ofSeconds(3)))
                    .as("health check answered within 3 s while another client dawdles (-1: timed out)")
                    .isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void asManyUnfinishedRequestsAsThreadsAreCutOffAtTheTimeLimit() throws Exception {
        MetricsServer server = new MetricsServer("127.0.0.1", 0, "/healthz", true, () -> null, 2, Duration.ofSeconds(1));
        List<Socket> slow = new ArrayList<>();
        try {
            slow.add(unfinishedRequest(server));
            slow.add(unfinishedRequest(server));
            Thread.sleep(300);
            long start = System.nanoTime();
            assertThat(healthStatus(server, Duration.ofSeconds(5)))
                    .as("health check answered once the unfinished requests passed the 1 s limit (-1: timed out)")
                    .isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
            for (Socket s : slow) {
                InputStream in = s.getInputStream();
                assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> in.read()))
                        .as("the server closed the unfinished request's connection").isEqualTo(-1);
            }
            assertThat(server.exchangesCutOff()).isEqualTo(2);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            server.close();
        }
    }
}
