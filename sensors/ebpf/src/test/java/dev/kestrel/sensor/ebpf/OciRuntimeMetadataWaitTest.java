package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for a container's runtime state: once per container, so a container without state stalls no caller. */
class OciRuntimeMetadataWaitTest {

    private static final String ID = "4f1a2b3c4d5e" + "0".repeat(52);

    @TempDir
    Path root;

    /** Writes runc's state for {@link #ID} under {@link #root}, its bundle naming pod {@code pod}. */
    static void writeState(Path root, String id, String pod) throws IOException {
        Path bundle = Files.createDirectories(root.resolve("bundles").resolve(id));
        Files.writeString(bundle.resolve("config.json"), """
                {"annotations": {"io.kubernetes.cri.sandbox-name": "%s", "io.kubernetes.cri.sandbox-namespace": "blog",
                 "io.kubernetes.cri.container-name": "web", "io.kubernetes.cri.image-name": "nginx:1.25"}}
                """.formatted(pod));
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("state.json"), """
                {"id": "%s", "created": "2026-11-30T12:00:00Z", "config": {"labels": ["bundle=%s"]}}
                """.formatted(id, bundle));
    }

    @Test
    void aContainerWithoutStateIsWatchedOnceAndWaitedForOnceHoweverManyExecsItHas() {
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100);
        for (int exec = 0; exec < 20; exec++) {
            metadata.watch(ID, null);
            assertThat(metadata.await(ID, null, Duration.ofSeconds(5))).as("exec %d", exec).isEmpty();
        }
        assertThat(metadata.watchesStarted()).isEqualTo(1);
        assertThat(metadata.waits()).isEqualTo(1);
    }

    @Test
    void aStateThatAppearsWhileTheContainerIsWatchedIsFoundByTheWaitingCaller() throws Exception {
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100);
        metadata.watch(ID, null);
        Thread.sleep(20);
        writeState(root, ID, "web-1");
        Optional<OciRuntimeMetadata.Found> found = metadata.await(ID, null, Duration.ofSeconds(5));
        assertThat(found).isPresent();
        assertThat(found.get().pod().name()).isEqualTo("web-1");
        assertThat(found.get().container().name()).isEqualTo("web");
        assertThat(metadata.watchesStarted()).isEqualTo(1);
    }

    @Test
    void aContainerFoundOnceIsNeitherWatchedNorWaitedForAgain() throws Exception {
        writeState(root, ID, "web-2");
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100);
        metadata.watch(ID, null);
        assertThat(metadata.await(ID, null, Duration.ofSeconds(5))).map(f -> f.pod().name()).contains("web-2");
        for (int exec = 0; exec < 10; exec++) {
            metadata.watch(ID, null);
            assertThat(metadata.await(ID, null, Duration.ofSeconds(5))).map(f -> f.pod().name()).contains("web-2");
        }
        assertThat(metadata.watchesStarted()).isEqualTo(1);
    }

    @Test
    void atMostTheBoundOfContainersIsWatchedAtOnceAndTheRestIsCounted() throws Exception {
        // other readers in this JVM may have their polling threads still (they end 5 s after their last poll)
        long others = pollingThreads();
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 1000, 3, 0);
        // a burst of distinct container ids none of which has state (pod churn, delegated cgroups)
        for (int i = 0; i < 200; i++) {
            metadata.watch("%012x".formatted(i) + "0".repeat(52), null);
        }
        assertThat(metadata.watchesStarted()).isEqualTo(3);
        assertThat(pollingThreads()).as("one polling thread, not one per container").isLessThanOrEqualTo(others + 1);
        Map<String, Long> skipped = new HashMap<>();
        metadata.addSkipped(skipped);
        assertThat(skipped).containsEntry("containers not watched for their runtime state (3 already watched)", 197L);

        // once the watches under way end (1 s without state), new containers are watched again
        String next = "f".repeat(12) + "0".repeat(52);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metadata.watchesStarted() == 3 && System.nanoTime() < end) {
            Thread.sleep(50);
            metadata.watch(next, null);
        }
        assertThat(metadata.watchesStarted()).isEqualTo(4);
        writeState(root, next, "web-3");
        assertThat(metadata.await(next, null, Duration.ofSeconds(5))).map(f -> f.pod().name()).contains("web-3");
    }

    private static long pollingThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("kestrel-oci-state")).count();
    }
}
