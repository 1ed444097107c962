package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle read before the runtime writes its state: provisional, replaced by the state, and read only when trusted. */
class OciRuntimeMetadataBundleTest {

    private static final String ID = "7a8b9c0d1e2f" + "6".repeat(52);

    @TempDir
    Path tmp;

    /** A bundle only its owner can write, whose config.json claims the container is kube-system's. */
    static Path claimingBundle(Path dir) throws IOException {
        Path bundle = Files.createDirectories(dir);
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bundle.resolve("config.json"), """
                {"annotations": {"io.kubernetes.cri.sandbox-name": "coredns-0", "io.kubernetes.cri.sandbox-namespace":
                 "kube-system", "io.kubernetes.cri.container-name": "coredns",
                 "io.kubernetes.cri.image-name": "registry.k8s.io/coredns/coredns:v1.11.1"}}""");
        Files.setPosixFilePermissions(bundle.resolve("config.json"), PosixFilePermissions.fromString("rw-r--r--"));
        return bundle;
    }

    /**
     * Metadata reading {@code root} (as this test's user) that already holds what {@link #claimingBundle} in
     * {@code bundleDir} says of container {@code id}, provisional until the runtime's state is read.
     */
    static OciRuntimeMetadata knowingOnlyTheBundle(Path root, String id, Path bundleDir) throws Exception {
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(root), Duration.ofHours(1), 100, 64,
                (Integer) Files.getAttribute(root, "unix:uid"));
        metadata.bundle(id, claimingBundle(bundleDir));
        assertThat(eventually(() -> metadata.lookup(id))).isPresent();
        return metadata;
    }

    private OciRuntimeMetadata metadata(Path root) throws IOException {
        return new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100, 64,
                (Integer) Files.getAttribute(tmp, "unix:uid"));
    }

    @Test
    void whatTheBundleSaysIsProvisionalAndTheRuntimesStateReplacesIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("runc"));
        OciRuntimeMetadata metadata = metadata(root);
        metadata.bundle(ID, claimingBundle(tmp.resolve("bundle")));
        Optional<Found> early = eventually(() -> metadata.lookup(ID));
        assertThat(early).map(f -> f.pod().namespace()).contains("kube-system");
        assertThat(early.get().provisional()).isTrue();
        assertThat(metadata.confirmed(ID)).isNull();

        // the runtime writes its state: its bundle (another one) names the pod the container really is in
        OciRuntimeMetadataWaitTest.writeState(root, ID, "web-1");
        metadata.watch(ID, null);
        assertThat(eventually(() -> Optional.ofNullable(metadata.confirmed(ID)))).map(f -> f.pod().namespace())
                .contains("blog");
        assertThat(metadata.lookup(ID)).map(f -> f.pod().name()).contains("web-1");
        assertThat(metadata.lookup(ID).orElseThrow().provisional()).isFalse();
        assertThat(metadata.await(ID, null, Duration.ofSeconds(1))).map(f -> f.pod().name()).contains("web-1");
    }

    @Test
    void theFirstWaitForAContainerEndsAsSoonAsItsBundleIsRead() throws Exception {
        OciRuntimeMetadata metadata = metadata(Files.createDirectories(tmp.resolve("runc")));
        metadata.watch(ID, null);
        metadata.bundle(ID, claimingBundle(tmp.resolve("bundle")));

        assertThat(metadata.await(ID, null, Duration.ofSeconds(5))).map(f -> f.container().name()).contains("coredns");
        // no state is ever written: the watch ends only at its 1 s deadline, and it has not yet
        assertThat(metadata.watching(ID)).as("answered before the watch ended").isTrue();
    }

    @Test
    void aBundleOthersCanWriteIsNotReadAndIsCounted() throws Exception {
        OciRuntimeMetadata metadata = metadata(Files.createDirectories(tmp.resolve("runc")));
        Path bundle = claimingBundle(tmp.resolve("bundle"));
        Files.setPosixFilePermissions(bundle.resolve("config.json"), PosixFilePermissions.fromString("rw-rw-rw-"));
        metadata.bundle(ID, bundle);
        String other = "8" + ID.substring(1);
        metadata.bundle(other, claimingBundle(tmp.resolve("trusted")));
        // bundles are read in order on one thread: once the trusted one is in, the other was looked at
        assertThat(eventually(() -> metadata.lookup(other))).isPresent();

        assertThat(metadata.lookup(ID)).isEmpty();
        Map<String, Long> skipped = new HashMap<>();
        metadata.addSkipped(skipped);
        assertThat(skipped).containsEntry("runtime bundles not read (not root's alone, or behind a symbolic link)", 1L);
    }

    /** What {@code lookup} gives within 5 s (checked every 10 ms), or empty. */
    static Optional<Found> eventually(Supplier<Optional<Found>> lookup) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            Optional<Found> f = lookup.get();
            if (f.isPresent()) {
                return f;
            }
            Thread.sleep(10);
        }
        return lookup.get();
    }
}
