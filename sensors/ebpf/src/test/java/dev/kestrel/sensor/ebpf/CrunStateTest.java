package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonReader;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * crun's state ({@code <root>/<id>/status} and the copy of the bundle's {@code config.json} beside it,
 * as crun's status.c and container.c write them) in fake state trees.
 */
class CrunStateTest {

    private static final String ID = "5e6f7a8b9c0d" + "3c".repeat(26);
    /** crun writes its creation time with microseconds. */
    private static final String CREATED = "2025-03-04T05:06:07.123456Z";
    private static final String CRIO_ANNOTATIONS = """
            {"io.container.manager": "cri-o", "io.kubernetes.container.name": "db", "io.kubernetes.pod.name": "db-0",
             "io.kubernetes.pod.namespace": "data", "io.kubernetes.pod.uid": "0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff",
             "io.kubernetes.cri-o.ImageName": "quay.io/org/postgres:16.2"}""";
    private static final int FOUR_MIB = 4 << 20;

    @TempDir
    Path tmp;

    private OciRuntimeMetadata metadata(Path root) {
        return new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100);
    }

    /**
     * Writes crun's state for {@code id} under {@code root} as crun does: the copy of the config
     * ({@code copy}, unless null) first, then the status naming {@code bundle}; returns the state directory.
     */
    static Path writeState(Path root, String id, Path bundle, String created, String copy) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        if (copy != null) {
            Files.writeString(dir.resolve("config.json"), copy);
        }
        Files.writeString(dir.resolve("status"), """
                {
                    "pid" : 4242,
                    "process-start-time" : 123456,
                    "cgroup-path" : "/kubepods/besteffort/pod0f0e0d0c/crio-%s",
                    "scope" : "",
                    "rootfs" : "%s/rootfs",
                    "systemd-cgroup" : false,
                    "bundle" : "%s",
                    "created" : "%s",
                    "owner" : "root",
                    "detached" : true,
                    "external_descriptors" : "[\\"/dev/null\\",\\"pipe:[1]\\",\\"pipe:[2]\\"]"
                }""".formatted(id, bundle, bundle, created));
        return dir;
    }

    /** An OCI config with {@code annotations} (a JSON object). */
    static String config(String annotations) {
        return "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"sh\"]}, \"annotations\": " + annotations + "}";
    }

    @Test
    void crunsStatusAndItsCopyOfTheConfigDescribeTheContainer() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), config("{\"io.kubernetes.pod.name\": \"changed-since\"}"));
        writeState(root, ID, bundle, CREATED, config(CRIO_ANNOTATIONS));

        Found f = metadata(root).lookup(ID).orElseThrow();

        assertThat(f.provisional()).isFalse();
        assertThat(f.container().name()).isEqualTo("db");
        assertThat(f.container().type()).isEqualTo("cri-o");
        assertThat(f.container().imageRepository()).isEqualTo("quay.io/org/postgres");
        assertThat(f.pod().name()).as("crun's own copy, not the bundle's file").isEqualTo("db-0");
        assertThat(f.pod().namespace()).isEqualTo("data");
        assertThat(f.pod().uid()).isEqualTo("0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff");
        Instant created = Instant.parse(CREATED);
        assertThat(f.container().startNanos()).isEqualTo(created.getEpochSecond() * 1_000_000_000L + 123_456_000L);
    }

    @Test
    void withoutTheCopyTheBundleTheStatusNamesIsRead() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), config(CRIO_ANNOTATIONS));
        writeState(root, ID, bundle, CREATED, null);

        assertThat(metadata(root).lookup(ID)).map(f -> f.pod().name()).contains("db-0");
    }

    @Test
    void aShortIdFindsCrunsStateDirectoryAndTheWatchFindsItToo() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        OciRuntimeMetadata watched = metadata(root);
        watched.watch(ID, "cri-o");
        Thread.sleep(20);
        writeState(root, ID, bundle, CREATED, config(CRIO_ANNOTATIONS));

        assertThat(metadata(root).container(ID.substring(0, 12))).map(c -> c.fullId()).contains(ID);
        assertThat(watched.await(ID, "cri-o", Duration.ofSeconds(5))).map(f -> f.container().name()).contains("db");
    }

    @Test
    void aStateDirectoryWithoutStatusIsNotAContainerYet() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Files.writeString(Files.createDirectories(root.resolve(ID)).resolve("config.json"), config(CRIO_ANNOTATIONS));

        assertThat(metadata(root).lookup(ID)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status", "config.json"})
    void aCrunFileLargerThanFourMebibytesIsReadAsNotFound(String file) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        String other = "9c0d4e1f2a3b" + "57".repeat(26);
        for (String id : List.of(ID, other)) {
            writeState(root, id, bundle, CREATED, config(CRIO_ANNOTATIONS));
        }
        padTo(root.resolve(ID).resolve(file), FOUR_MIB);
        padTo(root.resolve(other).resolve(file), FOUR_MIB + 1);
        OciRuntimeMetadata m = metadata(root);

        assertThat(m.lookup(ID)).as("exactly 4 MiB").map(f -> f.container().name()).contains("db");
        assertThat(m.lookup(other)).as("one byte more").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status", "config.json"})
    void aCrunFileNestedDeeperThanTheJsonLimitIsReadAsNotFound(String file) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("crun"));
        Path dir = writeState(root, ID, Files.createDirectories(tmp.resolve("bundle")), CREATED, config(CRIO_ANNOTATIONS));
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        String text = Files.readString(dir.resolve(file));
        Files.writeString(dir.resolve(file), "{\"deep\": " + deep + ", " + text.substring(text.indexOf('{') + 1));

        assertThat(metadata(root).lookup(ID)).isEmpty();
    }

    /** Pads a JSON file with trailing blanks (still valid JSON) to exactly {@code size} bytes. */
    private static void padTo(Path file, int size) throws IOException {
        String json = Files.readString(file);
        Files.writeString(file, json + " ".repeat(size - json.length()));
        assertThat(Files.size(file)).isEqualTo(size);
    }
}
