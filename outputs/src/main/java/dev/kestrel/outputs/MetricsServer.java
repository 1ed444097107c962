package dev.kestrel.outputs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.runtime.Kestrel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Falco's {@code webserver}: an HTTP endpoint (JDK HttpServer) serving the health check
 * ({@code {"status": "ok"}}, Falco's answer) and, when enabled, Prometheus {@code /metrics}. It is
 * an alert sink only so that it starts and stops with the engine; it ignores alerts. Thread-safe.
 */
public final class MetricsServer implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Listens on {@code address:port} (port 0 picks a free one).
     *
     * @param kestrel the engine whose counters are served; may return null while it is being built
     * @throws IOException when the address cannot be bound (the port is taken, the address is not local)
     */
    public MetricsServer(String address, int port, String healthPath, boolean metrics, Supplier<Kestrel> kestrel)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext(healthPath, ex -> answer(ex, 200, "application/json", "{\"status\": \"ok\"}", healthPath));
        if (metrics) {
            server.createContext("/metrics", ex -> {
                Kestrel k = kestrel.get();
                if (k == null) {
                    answer(ex, 503, "text/plain; charset=utf-8", "starting\n", "/metrics");
                } else {
                    answer(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(k), "/metrics");
                }
            });
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kestrel-webserver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String type, String body, String path) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                status = 404;
                type = "text/plain; charset=utf-8";
                body = "not found\n";
            } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                status = 405;
                type = "text/plain; charset=utf-8";
                body = "only GET\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the webserver failed to answer {}: {}", path, String.valueOf(e));
        }
    }

    @Override
    public String name() {
        return "webserver";
    }

    /** Ignores the alert: the server only reports counters. */
    @Override
    public void accept(Alert alert) {
    }

    /** Stops listening and answering. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
