package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Container and pod metadata read from fake runc state directories ({@code <root>/<id>/state.json})
 * and the bundles' {@code config.json}.
 */
class OciRuntimeMetadataTest {

    private static final String ID = "3f5a0c9d2b71" + "e4".repeat(26);
    private static final String OTHER_ID = "9c0d4e1f2a3b" + "57".repeat(26);
    private static final String CREATED = "2024-05-06T07:08:09.123456789Z";
    private static final int FOUR_MIB = 4 << 20;

    private static final Map<String, String> CONTAINERD = annotations(
            "io.kubernetes.cri.container-type", "container",
            "io.kubernetes.cri.container-name", "web",
            "io.kubernetes.cri.image-name", "docker.io/library/nginx:1.25",
            "io.kubernetes.cri.sandbox-name", "web-7d4b9c-x2k8q",
            "io.kubernetes.cri.sandbox-namespace", "shop",
            "io.kubernetes.cri.sandbox-uid", "6a1f0e2d-1111-2222-3333-444455556666",
            "io.kubernetes.cri.sandbox-id", "b7e3" + "0".repeat(60));

    private static final Map<String, String> CRIO = annotations(
            "io.kubernetes.container.name", "db",
            "io.kubernetes.cri-o.ImageName", "quay.io/org/postgres:16.2",
            "io.kubernetes.pod.name", "db-0",
            "io.kubernetes.pod.namespace", "data",
            "io.kubernetes.pod.uid", "0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff",
            "io.kubernetes.cri-o.SandboxID", "c8f4" + "1".repeat(60),
            "io.kubernetes.cri-o.ContainerType", "container");

    @TempDir
    Path tmp;

    private Path root(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    private OciRuntimeMetadata metadata(Path... roots) {
        return new OciRuntimeMetadata(List.of(roots), Duration.ofMinutes(10), 100);
    }

    // --- what the annotations say ---

    @Test
    void containerdAnnotationsNameTheContainerItsImageAndItsPod() throws IOException {
        Found f = readBack(CONTAINERD);

        assertThat(f.container()).isEqualTo(kubernetesContainer("web", "docker.io/library/nginx:1.25",
                "docker.io/library/nginx", "1.25", "containerd", "6a1f0e2d-1111-2222-3333-444455556666"));
        assertThat(f.pod()).isEqualTo(new PodMetadata("6a1f0e2d-1111-2222-3333-444455556666", "web-7d4b9c-x2k8q", "shop",
                Map.of(), null, "b7e3" + "0".repeat(60), List.of(ID.substring(0, 12))));
    }

    @Test
    void criOAnnotationsNameTheSameFieldsAndMakeItACriOContainer() throws IOException {
        Found f = readBack(CRIO);

        assertThat(f.container()).isEqualTo(kubernetesContainer("db", "quay.io/org/postgres:16.2", "quay.io/org/postgres",
                "16.2", "cri-o", "0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff"));
        assertThat(f.pod()).isEqualTo(new PodMetadata("0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff", "db-0", "data",
                Map.of(), null, "c8f4" + "1".repeat(60), List.of(ID.substring(0, 12))));
    }

    /** Container {@link #ID} written with {@code annotations} in its bundle, then looked up by its full id. */
    private Found readBack(Map<String, String> annotations) throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, annotations, CREATED);
        return metadata(root).lookup(ID).orElseThrow();
    }

    /** What container {@link #ID}, created at {@link #CREATED}, is expected to be described as. */
    private static ContainerMetadata kubernetesContainer(String name, String image, String repository, String tag,
                                                         String type, String podUid) {
        Instant created = Instant.parse(CREATED);
        return new ContainerMetadata(ID.substring(0, 12), ID, name, image, repository, tag, null, null, type, false,
                Map.of(), List.of(), created.getEpochSecond() * 1_000_000_000L + created.getNano(), null, false, false,
                false, podUid);
    }

    @Test
    void aContainerWithoutKubernetesAnnotationsIsNamedByItsShortIdWithoutAPod() throws IOException {
        Path root = root("runc");
        writeContainer(root, ID, annotations("org.opencontainers.image.title", "tool"), CREATED, "owner=me");

        Found f = metadata(root).lookup(ID).orElseThrow();

        assertThat(f.container().type()).as("not one of Falco's types: unknown, as neither root nor cgroup tells").isNull();
        assertThat(f.provisional()).isFalse();
        assertThat(f.container().name()).isEqualTo(ID.substring(0, 12));
        assertThat(f.container().image()).isNull();
        assertThat(f.container().imageRepository()).isNull();
        assertThat(f.container().imageTag()).isNull();
        assertThat(f.container().podUid()).isNull();
        assertThat(f.pod()).isNull();
    }

    @Test
    void aBundleWithEveryCapabilityAndNoMaskedPathIsAPrivilegedContainer() throws IOException {
        Path root = root("k8s.io");
        Path bundle = writeContainer(root, ID, CONTAINERD, CREATED);
        assertThat(metadata(root).lookup(ID).orElseThrow().container().privileged()).as("a spec without capabilities").isFalse();
        Files.writeString(bundle.resolve("config.json"), "{\"process\": {\"capabilities\": {\"bounding\": ["
                + OciSpec.ALL_CAPABILITIES.stream().map(OciRuntimeMetadataTest::quote).collect(Collectors.joining(", "))
                + "]}}, \"linux\": {\"maskedPaths\": [], \"readonlyPaths\": []}, \"annotations\": " + object(CONTAINERD) + "}");

        Found f = metadata(root).lookup(ID).orElseThrow();

        assertThat(f.container().privileged()).isTrue();
        assertThat(f.pod().name()).isEqualTo("web-7d4b9c-x2k8q");
    }

    // --- finding the state directory ---

    @Test
    void withoutKubernetesAnnotationsTheCgroupLayoutNamesTheContainerType() throws IOException {
        Path root = root("runc");
        writeContainer(root, ID, annotations("org.opencontainers.image.title", "tool"), CREATED);
        writeContainer(root, OTHER_ID, annotations("io.container.manager", "libpod"), CREATED);
        OciRuntimeMetadata m = metadata(root);

        assertThat(m.lookup(ID, "docker")).map(f -> f.container().type()).contains("docker");
        assertThat(m.lookup(OTHER_ID, "docker")).as("podman's own annotation comes first")
                .map(f -> f.container().type()).contains("podman");
    }

    @Test
    void aShortIdFindsTheStateDirectoryWhoseNameStartsWithIt() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, OTHER_ID, CRIO, CREATED);
        writeContainer(root, ID, CONTAINERD, CREATED);

        ContainerMetadata c = metadata(root).container(ID.substring(0, 12)).orElseThrow();

        assertThat(c.name()).isEqualTo("web");
        assertThat(c.fullId()).as("the full id is the directory's name").isEqualTo(ID);
    }

    @Test
    void aFullIdFindsItsOwnDirectoryAndNoOtherWithTheSameStart() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        String sameStart = ID.substring(0, 12) + "0".repeat(52);

        assertThat(metadata(root).lookup(ID)).map(f -> f.container().fullId()).contains(ID);
        assertThat(metadata(root).lookup(sameStart)).isEmpty();
    }

    @Test
    void anIdShorterThanTwelveCharactersFindsNothing() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        writeContainer(root, ID.substring(0, 11), CONTAINERD, CREATED);
        OciRuntimeMetadata m = metadata(root);

        assertThat(m.lookup(ID.substring(0, 11))).isEmpty();
        assertThat(m.lookup("")).isEmpty();
        assertThat(m.lookup(null)).isEmpty();
        assertThat(m.lookup(ID.substring(0, 12))).as("the same directory, by 12 characters").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f5a0c9d2b7[", "3f5a0c9d2b71{", "????????????", "************", "../elsewhere-outside-root",
            "3f5a0c9d2b71/../../x", "3F5A0C9D2B71" + "zz"})
    void anIdThatIsNotHexadecimalIsNeverUsedAsAPathOrAPattern(String id) throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        writeContainer(tmp, "elsewhere-outside-root", CONTAINERD, CREATED);
        OciRuntimeMetadata m = metadata(root);

        assertThat(m.lookup(id)).isEmpty();
        assertThat(m.container(id)).isEmpty();
        assertThat(m.lookup(ID.substring(0, 12))).as("a real id still works").isPresent();
    }

    @Test
    void theSecondRootIsSearchedWhenTheFirstLacksTheContainer() throws IOException {
        Path first = root("runc");
        Path second = root("k8s.io");
        writeContainer(first, OTHER_ID, CRIO, CREATED);
        writeContainer(second, ID, CONTAINERD, CREATED);
        OciRuntimeMetadata m = metadata(tmp.resolve("absent"), first, second);

        assertThat(m.container(ID)).map(ContainerMetadata::name).contains("web");
        assertThat(m.container(OTHER_ID.substring(0, 12))).map(ContainerMetadata::name).contains("db");
    }

    @Test
    void anUnreadableStateInTheFirstRootDoesNotHideTheSecond() throws IOException {
        Path first = root("runc");
        Path second = root("k8s.io");
        Files.createDirectories(first.resolve(ID));
        Files.writeString(first.resolve(ID).resolve("state.json"), "{\"config\": {\"labels\": [");
        writeContainer(second, ID, CONTAINERD, CREATED);

        assertThat(metadata(first, second).lookup(ID.substring(0, 12))).map(f -> f.container().name()).contains("web");
        assertThat(metadata(first).lookup(ID)).as("the broken state alone").isEmpty();
    }

    @Test
    void anUnreadableBundleConfigInTheFirstRootDoesNotHideTheSecond() throws IOException {
        Path first = root("runc");
        Path second = root("k8s.io");
        Path bundle = writeContainer(first, ID, CRIO, CREATED);
        Files.writeString(bundle.resolve("config.json"), "not json");
        writeContainer(second, ID, CONTAINERD, CREATED);

        assertThat(metadata(first, second).lookup(ID)).map(f -> f.container().name()).contains("web");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"state.json", "config.json"})
    void aFileLargerThanFourMebibytesIsReadAsNotFound(String file) throws IOException {
        Path root = root("k8s.io");
        Path fits = writeContainer(root, ID, CONTAINERD, CREATED);
        Path tooLarge = writeContainer(root, OTHER_ID, CONTAINERD, CREATED);
        boolean state = file.equals("state.json");
        padTo((state ? root.resolve(ID) : fits).resolve(file), FOUR_MIB);
        padTo((state ? root.resolve(OTHER_ID) : tooLarge).resolve(file), FOUR_MIB + 1);
        OciRuntimeMetadata m = metadata(root);

        assertThat(m.lookup(ID)).as("exactly 4 MiB").map(f -> f.container().name()).contains("web");
        assertThat(m.lookup(OTHER_ID)).as("one byte more").isEmpty();
    }

    // --- the creation time ---

    @Test
    void theCreationTimeIsTheContainersStartTimeInNanosecondsSinceTheEpoch() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        writeContainer(root, OTHER_ID, CONTAINERD, "2024-05-06T09:08:09.5+02:00");

        Instant utc = Instant.parse(CREATED);
        assertThat(metadata(root).lookup(ID).orElseThrow().container().startNanos())
                .isEqualTo(utc.getEpochSecond() * 1_000_000_000L + 123_456_789L);
        assertThat(metadata(root).lookup(OTHER_ID).orElseThrow().container().startNanos())
                .as("an offset is honoured").isEqualTo(utc.getEpochSecond() * 1_000_000_000L + 500_000_000L);
    }

    @Test
    void aMissingOrUnreadableCreationTimeIsZeroAndTheContainerIsStillFound() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, null);
        writeContainer(root, OTHER_ID, CONTAINERD, "yesterday");

        assertThat(metadata(root).lookup(ID).orElseThrow().container().startNanos()).isZero();
        assertThat(metadata(root).lookup(OTHER_ID).orElseThrow().container().startNanos()).isZero();
    }

    // --- the cache ---

    @Test
    void aFoundContainerKeepsItsMetadataAfterItsStateIsGone() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        OciRuntimeMetadata m = metadata(root);
        assertThat(m.lookup(ID)).isPresent();

        deleteTree(root.resolve(ID));

        assertThat(m.lookup(ID)).map(f -> f.container().name()).contains("web");
        assertThat(m.container(ID.substring(0, 12))).map(ContainerMetadata::name).contains("web");
        assertThat(metadata(root).lookup(ID)).as("a fresh reader finds nothing").isEmpty();
    }

    @Test
    void aVanishedContainerUnusedForLongerThanTheTtlIsForgotten() throws IOException, InterruptedException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        OciRuntimeMetadata m = new OciRuntimeMetadata(List.of(root), Duration.ofMillis(50), 100);
        assertThat(m.lookup(ID)).isPresent();
        deleteTree(root.resolve(ID));

        // Each lookup is an access that restarts the ttl, so look less often than the ttl.
        assertThat(eventually(() -> m.lookup(ID).isEmpty(), Duration.ofMillis(150))).isTrue();
        assertThat(m.pod("6a1f0e2d-1111-2222-3333-444455556666")).isEmpty();
    }

    @Test
    void aMissIsRememberedBrieflyAndAContainerThatAppearsAfterItIsFoundLater() throws IOException, InterruptedException {
        Path root = root("k8s.io");
        OciRuntimeMetadata m = metadata(root);
        long before = System.nanoTime();
        assertThat(m.lookup(ID)).isEmpty();

        writeContainer(root, ID, CONTAINERD, CREATED);
        boolean stillRemembered = m.lookup(ID).isEmpty();
        if (System.nanoTime() - before < Duration.ofMillis(400).toNanos()) {
            // Well inside the 500 ms a miss is kept, measured from before it was even recorded.
            assertThat(stillRemembered).as("the miss is remembered").isTrue();
        }

        assertThat(eventually(() -> m.lookup(ID).isPresent(), Duration.ofMillis(50))).isTrue();
        assertThat(m.lookup(ID).orElseThrow().container().name()).isEqualTo("web");
    }

    @Test
    void podFindsThePodOfAContainerLookedUpBefore() throws IOException {
        Path root = root("k8s.io");
        writeContainer(root, ID, CONTAINERD, CREATED);
        writeContainer(root, OTHER_ID, CRIO, CREATED);
        OciRuntimeMetadata m = metadata(root);
        String uid = "6a1f0e2d-1111-2222-3333-444455556666";

        assertThat(m.pod(uid)).as("pod() reads no state itself").isEmpty();
        String podUid = m.container(ID.substring(0, 12)).orElseThrow().podUid();
        m.container(OTHER_ID);

        assertThat(podUid).isEqualTo(uid);
        assertThat(m.pod(uid)).map(PodMetadata::name).contains("web-7d4b9c-x2k8q");
        assertThat(m.pod(uid)).map(PodMetadata::namespace).contains("shop");
        assertThat(m.pod("0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff")).map(PodMetadata::name).contains("db-0");
        assertThat(m.pod("no-such-uid")).isEmpty();
    }

    /**
     * The state is root's, but the bundle it names may sit where another user can write: its config.json
     * is then not read (it could say kube-system, or a trusted image), and that is counted.
     */
    @Test
    void aBundleTheStateNamesIsReadOnlyWhenNoOneElseCouldHaveWrittenIt() throws IOException {
        Path root = root("runc");
        Path bundle = writeContainer(root, ID, CONTAINERD, CREATED);
        Files.setPosixFilePermissions(bundle, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        OciRuntimeMetadata m = metadata(root);
        Found f = m.lookup(ID).orElseThrow();
        assertThat(f.pod()).as("the annotations were not read").isNull();
        assertThat(f.container().name()).isNotEqualTo("web");
        Map<String, Long> skipped = new java.util.HashMap<>();
        m.addSkipped(skipped);
        assertThat(skipped).containsEntry("runtime bundles not read (not root's alone, or behind a symbolic link)", 1L);
    }

    // --- helpers ---

    /**
     * Writes runc's state for {@code id} under {@code root} (with {@code bundle=} and {@code labels}
     * in {@code config.labels}, and {@code created} unless null) and a bundle whose
     * {@code config.json} carries {@code annotations}; returns the bundle directory.
     */
    private Path writeContainer(Path root, String id, Map<String, String> annotations, String created, String... labels)
            throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundles").resolve(root.getFileName()).resolve(id));
        Files.writeString(bundle.resolve("config.json"),
                "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"sh\"]}, \"annotations\": " + object(annotations) + "}");
        List<String> all = new ArrayList<>();
        all.add("bundle=" + bundle);
        all.addAll(List.of(labels));
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("state.json"), "{\"id\": " + quote(id) + ", \"init_process_pid\": 4242, "
                + (created == null ? "" : "\"created\": " + quote(created) + ", ")
                + "\"config\": {\"rootfs\": \"/rootfs\", \"labels\": ["
                + all.stream().map(OciRuntimeMetadataTest::quote).collect(Collectors.joining(", ")) + "]}}");
        return bundle;
    }

    /** Pads a JSON file with trailing blanks (still valid JSON) to exactly {@code size} bytes. */
    private static void padTo(Path file, int size) throws IOException {
        byte[] json = Files.readAllBytes(file);
        byte[] padded = new byte[size];
        System.arraycopy(json, 0, padded, 0, json.length);
        Arrays.fill(padded, json.length, size, (byte) ' ');
        Files.write(file, padded);
        assertThat(Files.size(file)).isEqualTo(size);
    }

    private static boolean eventually(Supplier<Boolean> condition, Duration pause) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(pause.toMillis());
        }
        return condition.get();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, String> annotations(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String object(Map<String, String> m) {
        return m.entrySet().stream().map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
