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
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Falco's {@code webserver}: an HTTP endpoint (JDK HttpServer) serving the health check
 * ({@code {"status": "ok"}}, Falco's answer) and, when enabled, Prometheus {@code /metrics}. It is
 * an alert sink only so that it starts and stops with the engine; it ignores alerts. Thread-safe.
 *
 * <p>Requests are read and answered by a few threads ({@link #DEFAULT_THREADS}), so a client that
 * starts a request and never finishes it holds one of them, not the server. One exchange, from
 * reading the request to writing the answer, may take at most the exchange time limit
 * ({@link #DEFAULT_EXCHANGE_TIME_LIMIT}); past it the thread is interrupted, which closes the
 * connection, and {@link #exchangesCutOff()} counts it. What remains: as many clients as threads
 * that keep starting requests and never finishing them can keep others waiting, each time for up to
 * the limit. The limit is kept by this server itself: it sets no system property (the JDK's
 * {@code sun.net.httpserver.maxReqTime} would apply to every HttpServer in the process).
 */
public final class MetricsServer implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Threads reading and answering requests, unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;

    /** How long one request and its answer may take, unless told otherwise. */
    public static final Duration DEFAULT_EXCHANGE_TIME_LIMIT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor watchdog;
    private final long exchangeTimeLimitNanos;
    private final AtomicLong cutOff = new AtomicLong();

    /**
     * Listens on {@code address:port} (port 0 picks a free one) with {@link #DEFAULT_THREADS} threads
     * and the {@link #DEFAULT_EXCHANGE_TIME_LIMIT}.
     *
     * @param kestrel the engine whose counters are served; may return null while it is being built
     * @throws IOException when the address cannot be bound (the port is taken, the address is not local)
     */
    public MetricsServer(String address, int port, String healthPath, boolean metrics, Supplier<Kestrel> kestrel)
            throws IOException {
        this(address, port, healthPath, metrics, kestrel, DEFAULT_THREADS, DEFAULT_EXCHANGE_TIME_LIMIT);
    }

    /**
     * Listens on {@code address:port} (port 0 picks a free one).
     *
     * @param kestrel the engine whose counters are served; may return null while it is being built
     * @param threads how many requests are read and answered at once (at least 1)
     * @param exchangeTimeLimit how long one request and its answer may take (positive)
     * @throws IOException when the address cannot be bound (the port is taken, the address is not local)
     */
    public MetricsServer(String address, int port, String healthPath, boolean metrics, Supplier<Kestrel> kestrel,
            int threads, Duration exchangeTimeLimit) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (exchangeTimeLimit == null || exchangeTimeLimit.isNegative() || exchangeTimeLimit.isZero()) {
            throw new IllegalArgumentException("the exchange time limit must be positive");
        }
        exchangeTimeLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, exchangeTimeLimit.toMillis()));
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
        AtomicInteger workerNumber = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "kestrel-webserver-" + workerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kestrel-webserver-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        server.setExecutor(exchange -> workers.execute(new TimeLimited(exchange)));
        server.start();
    }

    /** How many exchanges were cut off at the exchange time limit (their connections closed). */
    public long exchangesCutOff() {
        return cutOff.get();
    }

    /**
     * One exchange (the JDK reads the request, calls the handler, writes the answer) run within the
     * time limit: past it, its thread is interrupted, which closes the connection it is blocked on.
     */
    private final class TimeLimited implements Runnable {

        private final Runnable exchange;
        private Thread runner;

        TimeLimited(Runnable exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            ScheduledFuture<?> timer = null;
            try {
                timer = watchdog.schedule(this::cutOff, exchangeTimeLimitNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                // close() has begun; the exchange ends with the server
            }
            try {
                exchange.run();
            } catch (RuntimeException e) {
                LOG.warn("the webserver failed an exchange: {}", String.valueOf(e));
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                synchronized (this) {
                    runner = null;
                }
                Thread.interrupted(); // an interrupt meant for this exchange must not reach the next one
            }
        }

        private void cutOff() {
            synchronized (this) {
                if (runner == null) {
                    return;
                }
                runner.interrupt();
            }
            long n = cutOff.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("the webserver closed a connection whose request and answer took longer than {} ms ({} so far)",
                        TimeUnit.NANOSECONDS.toMillis(exchangeTimeLimitNanos), n);
            }
        }
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
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
