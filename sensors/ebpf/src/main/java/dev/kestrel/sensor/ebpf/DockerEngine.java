package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Docker Engine API, on its unix socket, what a container is: its name, its image and whether it
 * was started privileged, which a plain Docker container's OCI bundle does not say (Falco asks the same
 * API). One request per container, answered within {@code timeout} and {@value #MAX_RESPONSE_BYTES} bytes
 * or given up (counted). Thread-safe.
 */
final class DockerEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

    /** Where Docker listens by default. */
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    /** The largest answer read (an inspect is a few KiB; labels and mounts can make it larger). */
    static final long MAX_RESPONSE_BYTES = 1L << 20;

    /** What Docker says of a container. */
    record Details(String name, String image, boolean privileged, long startNanos) {
    }

    private final Path socket;
    private final Duration timeout;
    private final LongAdder unanswered = new LongAdder();

    DockerEngine(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Lookups that got no usable answer (no daemon, too slow, too large, not understood), not those of unknown containers. */
    long unanswered() {
        return unanswered.sum();
    }

    /** Docker was asked and gave no usable answer in time: ask again later. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What Docker says of container {@code fullId} (hexadecimal), or empty: no daemon, no such container.
     *
     * @throws NoAnswer when the daemon gave no usable answer in time (it holds a starting container's lock)
     */
    Optional<Details> inspectOrFail(String fullId) throws NoAnswer {
        if (!fullId.matches("[0-9a-f]{12,64}") || !Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            String answer = get("/containers/" + fullId + "/json");
            int end = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.") || end < 0) {
                throw new IOException("not an HTTP answer");
            }
            String status = answer.substring(0, answer.indexOf("\r\n"));
            if (status.contains(" 404 ")) {
                return Optional.empty();
            }
            if (!status.contains(" 200 ")) {
                throw new IOException(status);
            }
            return Optional.of(details(JsonReader.parseObject(answer.substring(end + 4))));
        } catch (IOException | JsonException | RuntimeException e) {
            unanswered.increment();
            LOG.debug("Docker did not describe container {}: {}", fullId, e.toString());
            throw new NoAnswer(e.toString());
        }
    }

    /** As {@link #inspectOrFail}, empty as well when no usable answer came. */
    Optional<Details> inspect(String fullId) {
        try {
            return inspectOrFail(fullId);
        } catch (NoAnswer e) {
            return Optional.empty();
        }
    }

    private String get(String path) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            // HTTP/1.0: the daemon closes the connection after its answer, which is not chunked.
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16 << 10);
            try (Selector selector = Selector.open()) {
                ch.register(selector, SelectionKey.OP_READ);
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException("no answer within " + timeout.toMillis() + " ms");
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                    int n = ch.read(buffer.clear());
                    if (n < 0) {
                        return out.toString(StandardCharsets.UTF_8);
                    }
                    out.write(buffer.array(), 0, n);
                    if (out.size() > MAX_RESPONSE_BYTES) {
                        throw new IOException("an answer larger than " + MAX_RESPONSE_BYTES + " bytes");
                    }
                }
            }
        }
    }

    private static Details details(Map<String, Object> c) {
        String name = c.get("Name") instanceof String n ? (n.startsWith("/") ? n.substring(1) : n) : null;
        String image = c.get("Config") instanceof Map<?, ?> config && config.get("Image") instanceof String i ? i : null;
        boolean privileged = c.get("HostConfig") instanceof Map<?, ?> host && Boolean.TRUE.equals(host.get("Privileged"));
        return new Details(name == null || name.isEmpty() ? null : name, image, privileged,
                RuntimeStateFiles.epochNanos(c.get("Created")));
    }
}
