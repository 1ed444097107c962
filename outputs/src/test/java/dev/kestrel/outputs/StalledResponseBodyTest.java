package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.sink.OutputCounters;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server that sends the status line, headers and one byte of a 100,000-byte body, then nothing:
 * the output settles the alert within its request timeout (a 2xx's body is not read; another
 * answer's message is waited for at most the rest of the request timeout), and close stays bounded.
 */
class StalledResponseBodyTest {

    private static ServerSocket stall(String status, List<Socket> keep) throws Exception {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Socket s = ss.accept();
                    keep.add(s);
                    byte[] buf = new byte[65536];
                    s.getInputStream().read(buf); // the request (small)
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nx")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush(); // ...and the remaining 99,999 bytes never come
                }
            } catch (Exception e) {
                // closed
            }
        }, "stall-server");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    private static void settlesWithinTheRequestTimeout(String status, long delivered, long failed) throws Exception {
        List<Socket> keep = new ArrayList<>();
        try (ServerSocket ss = stall(status, keep)) {
            DeliveryLimits limits = DeliveryLimits.DEFAULTS
                    .withRetries(1, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(50))
                    .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30));
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(
                    URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/"), false, Map.of(), Priority.DEBUG, Map.of(),
                    TlsOptions.DEFAULT, limits));
            try {
                out.accept(Alerts.alert("r1"));
                boolean settled = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> out.flush(Duration.ofSeconds(5)));
                OutputCounters c = out.counters();
                assertThat(settled)
                        .as("request timeout 500 ms, 1 attempt: the alert should be settled within 5 s, counters " + c)
                        .isTrue();
                assertThat(c.delivered()).as("delivered, counters " + c).isEqualTo(delivered);
                assertThat(c.failed()).as("failed, counters " + c).isEqualTo(failed);
            } finally {
                out.startClosing();
                new Thread(out::close).start(); // close() itself is bounded by flush timeout + 1 s; don't wait
                for (Socket s : keep) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aStalledBodyAfter500IsSettledWithinTheRequestTimeout() throws Exception {
        settlesWithinTheRequestTimeout("500 Internal Server Error", 0, 1);
    }

    @Test
    void aStalledBodyAfter200IsSettledWithinTheRequestTimeout() throws Exception {
        settlesWithinTheRequestTimeout("200 OK", 1, 0);
    }

    @Test
    void closeStillSettlesAStalledBody() throws Exception {
        List<Socket> keep = new ArrayList<>();
        try (ServerSocket ss = stall("500 Internal Server Error", keep)) {
            DeliveryLimits limits = DeliveryLimits.DEFAULTS
                    .withRetries(1, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(50))
                    .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(
                    URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/"), false, Map.of(), Priority.DEBUG, Map.of(),
                    TlsOptions.DEFAULT, limits));
            out.accept(Alerts.alert("r1"));
            Thread.sleep(1000);
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10), out::close);
            long ms = (System.nanoTime() - start) / 1_000_000;
            OutputCounters c = out.counters();
            assertThat(ms).as("close took " + ms + " ms, counters " + c).isLessThan(3000);
            assertThat(c.delivered() + c.failed() + c.dropped()).isEqualTo(c.accepted());
            for (Socket s : keep) {
                s.close();
            }
        }
    }
}
