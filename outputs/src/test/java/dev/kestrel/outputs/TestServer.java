package dev.kestrel.outputs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on 127.0.0.1 for tests: records requests, answers with scripted statuses, can hang. */
final class TestServer implements AutoCloseable {

    /** One request received; header names in lower case. */
    record Request(String method, String path, Map<String, String> headers, String body, int status) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hang;

    private TestServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestServer start() throws IOException {
        return new TestServer(0);
    }

    static TestServer startOn(int port) throws IOException {
        return new TestServer(port);
    }

    /** A free port on 127.0.0.1 nobody listens on (now). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next requests are answered with these statuses, in order; then 200. */
    synchronized TestServer answer(int... statuses) {
        for (int s : statuses) {
            script.add(new Answer(s, Map.of(), s >= 400 ? "server says no (" + s + ")" : ""));
        }
        return this;
    }

    synchronized TestServer answer(Answer a) {
        script.add(a);
        return this;
    }

    /** Requests wait without an answer until the server closes. */
    TestServer hang() {
        hang = true;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered 2xx. */
    synchronized List<Request> accepted() {
        return requests.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    /** Waits until {@code n} requests were answered 2xx, at most {@code timeout}. */
    List<Request> awaitAccepted(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted().size() < n && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return accepted();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (hang) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Answer a;
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            synchronized (this) {
                a = script.isEmpty() ? new Answer(200, Map.of(), "") : script.poll();
                requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body, a.status()));
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
