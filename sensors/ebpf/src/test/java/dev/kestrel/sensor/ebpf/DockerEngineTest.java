package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Docker container's bundle names no image: the Docker Engine API, on its unix socket, says its
 * name, image and whether it runs privileged. A stand-in daemon answers on a socket in a temporary directory.
 */
class DockerEngineTest {

    private static final String ID = "5e6f7a8b9c0d" + "3c".repeat(26);

    @TempDir
    Path tmp;

    /** A daemon answering each request with what {@code answer} gives for its request line, until closed. */
    private final class StandInDaemon implements AutoCloseable {
        final Path socket = tmp.resolve("docker.sock");
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final Thread thread;

        StandInDaemon(Function<String, String> answer) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> {
                while (server.isOpen()) {
                    try (SocketChannel c = server.accept()) {
                        ByteBuffer in = ByteBuffer.allocate(4096);
                        String request = "";
                        while (!request.contains("\r\n\r\n") && c.read(in) > 0) {
                            request = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                        }
                        String line = request.substring(0, Math.max(0, request.indexOf("\r\n")));
                        requests.add(line);
                        String reply = answer.apply(line);
                        if (reply != null) {
                            c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                        }
                    } catch (IOException e) {
                        // the client gave up on this one (or the daemon closed): on to the next
                        continue;
                    }
                }
            }, "stand-in-docker");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static String ok(String json) {
        return "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private static final String INSPECT = """
            {"Id": "%s", "Created": "2024-05-06T07:08:09.5Z", "Name": "/web",
             "Config": {"Image": "docker.io/library/nginx:1.25", "Labels": {"team": "blog"}},
             "HostConfig": {"Privileged": true}}""".formatted(ID);

    /** Container {@link #ID} in a runc root, with a bundle that has no annotations; looked up as a Docker container. */
    private OciRuntimeMetadata.Found lookUp(Path socket) throws IOException {
        return metadata(socket).lookup(ID, "docker").orElseThrow();
    }

    private OciRuntimeMetadata metadata(Path socket) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("moby"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"nginx\"]}}");
        Path dir = Files.createDirectories(root.resolve(ID));
        Files.writeString(dir.resolve("state.json"), "{\"id\": \"" + ID + "\", \"config\": {\"labels\": [\"bundle=" + bundle + "\"]},"
                + " \"cgroup_paths\": {\"\": \"/sys/fs/cgroup/system.slice/docker-" + ID + ".scope\"}}");
        return new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100, 64,
                (Integer) Files.getAttribute(tmp, "unix:uid"), socket);
    }

    @Test
    void dockerNamesTheContainerItsImageAndItsPrivilege() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(line -> ok(INSPECT))) {
            OciRuntimeMetadata.Found found = lookUp(daemon.socket);
            ContainerMetadata c = found.container();
            assertThat(found.cgroups().path("")).as("runc's record of the cgroup, kept").isEqualTo("/system.slice/docker-" + ID + ".scope");
            assertThat(c.name()).isEqualTo("web");
            assertThat(c.image()).isEqualTo("docker.io/library/nginx:1.25");
            assertThat(c.imageRepository()).isEqualTo("docker.io/library/nginx");
            assertThat(c.imageTag()).isEqualTo("1.25");
            assertThat(c.privileged()).isTrue();
            assertThat(c.type()).isEqualTo("docker");
            assertThat(daemon.requests).containsExactly("GET /containers/" + ID + "/json HTTP/1.0");
        }
    }

    @Test
    void withoutADaemonOrWithAnUnknownContainerTheBundlesMetadataStays() throws Exception {
        ContainerMetadata none = lookUp(tmp.resolve("no-such.sock")).container();
        assertThat(none.name()).isEqualTo(ID.substring(0, 12));
        assertThat(none.image()).isNull();
        DockerEngine gone = new DockerEngine(tmp.resolve("no-such.sock"), Duration.ofSeconds(1));
        assertThat(gone.inspect(ID)).isEmpty();
        assertThat(gone.unanswered()).as("no daemon: nothing asked").isZero();
        try (StandInDaemon daemon = new StandInDaemon(line -> "HTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\n{}")) {
            DockerEngine engine = new DockerEngine(daemon.socket, Duration.ofSeconds(5));
            assertThat(engine.inspect(ID)).isEmpty();
            assertThat(engine.unanswered()).as("an unknown container is an answer").isZero();
        }
    }

    @Test
    void aSlowOversizedOrGarbledAnswerIsGivenUpAndCounted() throws Exception {
        try (StandInDaemon slow = new StandInDaemon(line -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok(INSPECT);
        })) {
            DockerEngine engine = new DockerEngine(slow.socket, Duration.ofMillis(200));
            assertThat(engine.inspect(ID)).isEmpty();
            assertThat(engine.unanswered()).isEqualTo(1);
        }
        Files.deleteIfExists(tmp.resolve("docker.sock"));
        String huge = ok("{\"Name\": \"/" + "x".repeat((int) DockerEngine.MAX_RESPONSE_BYTES) + "\"}");
        try (StandInDaemon large = new StandInDaemon(line -> huge)) {
            DockerEngine engine = new DockerEngine(large.socket, Duration.ofSeconds(30));
            assertThat(engine.inspect(ID)).isEmpty();
            assertThat(engine.unanswered()).isEqualTo(1);
        }
        Files.deleteIfExists(tmp.resolve("docker.sock"));
        try (StandInDaemon garbled = new StandInDaemon(line -> "SSH-2.0-OpenSSH\r\n")) {
            DockerEngine engine = new DockerEngine(garbled.socket, Duration.ofSeconds(5));
            assertThat(engine.inspect(ID)).isEmpty();
            assertThat(engine.inspect("../../etc")).as("only hexadecimal ids are asked about").isEmpty();
            assertThat(engine.unanswered()).isEqualTo(1);
            assertThat(garbled.requests).hasSize(1);
        }
    }

    /**
     * Docker holds a starting container's lock, so its first inspect may come too late: the state's
     * metadata stands in (provisional), and Docker is asked again until it answers.
     */
    @Test
    void aDaemonThatAnswersLateIsAskedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        try (StandInDaemon daemon = new StandInDaemon(line -> {
            if (asked.incrementAndGet() == 1) {
                try {
                    Thread.sleep(OciRuntimeMetadata.DOCKER_TIMEOUT.toMillis() * 3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ok(INSPECT);
        })) {
            OciRuntimeMetadata m = metadata(daemon.socket);
            OciRuntimeMetadata.Found first = m.lookup(ID, "docker").orElseThrow();
            assertThat(first.provisional()).isTrue();
            assertThat(first.container().image()).isNull();
            // Lookups while Docker is asked again do not ask it themselves.
            assertThat(m.lookup(ID, "docker").orElseThrow().provisional()).isTrue();
            assertThat(m.lookup(ID, "docker").orElseThrow().provisional()).isTrue();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (m.confirmed(ID) == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(m.confirmed(ID)).isNotNull();
            assertThat(m.confirmed(ID).container().image()).isEqualTo("docker.io/library/nginx:1.25");
            assertThat(m.lookup(ID, "docker").orElseThrow().provisional()).isFalse();
            assertThat(daemon.requests).as("the first request, then one retry that got the answer").hasSize(2);
            java.util.Map<String, Long> skipped = new java.util.HashMap<>();
            m.addSkipped(skipped);
            assertThat(skipped).as("a container described in the end is not counted").noneSatisfy((k, v) -> assertThat(k).startsWith("Docker"));
        }
    }

    /** A daemon that never answers in time: the state's metadata is taken as it is after the retries, counted once. */
    @Test
    void aDaemonThatNeverAnswersInTimeIsGivenUpOnceCounted() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(line -> {
            try {
                Thread.sleep(OciRuntimeMetadata.DOCKER_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok(INSPECT);
        })) {
            OciRuntimeMetadata m = metadata(daemon.socket);
            m.lookup(ID, "docker");
            m.lookup(ID, "docker");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (m.confirmed(ID) == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(m.confirmed(ID)).isNotNull();
            assertThat(m.confirmed(ID).container().image()).isNull();
            assertThat(daemon.requests).as("one chain: the first request and the retries").hasSize(OciRuntimeMetadata.DOCKER_TRIES + 1);
            java.util.Map<String, Long> skipped = new java.util.HashMap<>();
            m.addSkipped(skipped);
            assertThat(skipped).containsEntry("Docker containers not described (the Docker API gave no usable answer in "
                    + (OciRuntimeMetadata.DOCKER_TRIES + 1) + " requests of " + OciRuntimeMetadata.DOCKER_TIMEOUT.toMillis()
                    + " ms)", 1L);
        }
    }
}
