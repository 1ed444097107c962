package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime's create command seen by the sensor: its bundle is read early only when root on the host
 * ran it. Anyone can name a program runc ({@code ln -s /bin/true /tmp/runc; /tmp/runc create --bundle
 * /tmp/e VICTIM}) and claim another container is kube-system's.
 */
class RuntimeInvocationPipelineTest {

    private static final String VICTIM = "4b5c6d7e8f90" + "1".repeat(52);
    private static final String PROBE = "0a1b2c3d4e5f" + "2".repeat(52);
    private static final long HOST_CGROUP = 1;
    private static final long CONTAINER_CGROUP = 2;
    private static final long UNKNOWN_CGROUP = 3;
    /** Ten names and no root: cut at the printed levels (cgroups nested below a container's own). */
    private static final long CUT_CGROUP = 4;

    @TempDir
    Path tmp;

    private OciRuntimeMetadata metadata;
    private RecordPipeline pipeline;
    private Path bundle;
    private long tid = 100;

    @BeforeEach
    void pipeline() throws Exception {
        metadata = new OciRuntimeMetadata(List.of(Files.createDirectories(tmp.resolve("roots"))), Duration.ofMinutes(10),
                100, 64, (Integer) Files.getAttribute(tmp, "unix:uid"));
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        pipeline = new RecordPipeline(RecordPipelineTest.options(EbpfOptions.DEFAULT_QUEUE_BYTES),
                new KernelLayout(-1, 0, "", "parent", true), metadata, selfChecks,
                new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> { });
        bundle = OciRuntimeMetadataBundleTest.claimingBundle(tmp.resolve("bundle"));
        String[][] cgroups = {
            {"containerd.service", "system.slice", "memory"},
            {"c".repeat(64), "pod6a1f0e2d", "besteffort", "kubepods", "memory"},
        };
        for (int c = 0; c < cgroups.length; c++) {
            for (int level = 0; level < cgroups[c].length; level++) {
                line("G|" + (c + 1) + "|" + level + "|" + cgroups[c][level]);
            }
        }
        for (int level = 0; level < CgroupNames.PRINTED_LEVELS; level++) {
            line("G|" + CUT_CGROUP + "|" + level + "|x" + level);
        }
    }

    @AfterEach
    void finish() throws InterruptedException {
        pipeline.finish();
        assertThat(pipeline.await(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void rootOnTheHostHasItsBundleRead() throws Exception {
        exec(0, 0, HOST_CGROUP, "runc", VICTIM);

        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> metadata.lookup(VICTIM)))
                .map(f -> f.pod().namespace()).contains("kube-system");
    }

    @Test
    void crunIsReadLikeRunc() throws Exception {
        exec(0, 0, HOST_CGROUP, "crun", VICTIM);

        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> metadata.lookup(VICTIM)))
                .map(f -> f.container().name()).contains("coredns");
    }

    /** A cgroup named after a container the runtime put elsewhere does not make root on the host a container's. */
    @Test
    void rootOnTheHostInACgroupNamedAfterAnotherContainerIsStillOnTheHost() throws Exception {
        String other = recordedOther();
        name(5, "docker-" + other + ".scope", "fake", "");
        exec(0, 0, 5, "runc", VICTIM);

        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> metadata.lookup(VICTIM)))
                .map(f -> f.pod().namespace()).contains("kube-system");
    }

    /** Once a record held a whole path from the root, one held below other names does not make root on the host a container's. */
    @Test
    void rootOnTheHostInACgroupHoldingARecordBelowOtherNamesIsOnTheHostOnceOneHeldAPathFromTheRoot() throws Exception {
        String other = recordedOther();
        name(5, "docker-" + other + ".scope", "system.slice", "");
        name(6, "docker-" + other + ".scope", "system.slice", "kubelet.slice", "");
        exec(0, 0, 5, "sh", PROBE);
        exec(0, 0, 6, "runc", VICTIM);

        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> metadata.lookup(VICTIM)))
                .map(f -> f.pod().namespace()).contains("kube-system");
    }

    @Test
    void anyoneElsesInvocationIsIgnoredAndCounted() throws Exception {
        exec(1000, 1000, HOST_CGROUP, "runc", VICTIM);
        exec(1000, 0, HOST_CGROUP, "runc", VICTIM);
        exec(0, 0, CONTAINER_CGROUP, "runc", VICTIM);
        exec(0, 0, UNKNOWN_CGROUP, "runc", VICTIM);
        exec(0, 0, CUT_CGROUP, "runc", VICTIM);
        // then one that is read: bundles are read in order, so by the time it is in, the others would be
        exec(0, 0, HOST_CGROUP, "runc", PROBE);
        assertThat(OciRuntimeMetadataBundleTest.eventually(() -> metadata.lookup(PROBE))).isPresent();

        assertThat(metadata.lookup(VICTIM)).isEmpty();
        Map<String, Long> skipped = new HashMap<>();
        pipeline.addSkipped(skipped);
        assertThat(skipped).containsEntry("container runtime invocations ignored (not run by root on the host)", 3L)
                .containsEntry("container runtime invocations ignored (their cgroup was not named, so not known to be the host's)", 2L);
    }

    /** A container whose runc state records it in {@code /system.slice/docker-<id>.scope} (v2), known; its id. */
    private String recordedOther() throws Exception {
        String other = "5d6e7f809a1b" + "3".repeat(52);
        RecordedCgroupsTest.writeState(tmp.resolve("roots"), other, "web-7",
                RecordedCgroupsTest.v2("/system.slice/docker-" + other + ".scope"));
        assertThat(metadata.lookup(other)).isPresent();
        return other;
    }

    /** Announces cgroup {@code id}'s names, itself first, as the program does. */
    private void name(long id, String... names) {
        for (int level = 0; level < names.length; level++) {
            line("G|" + id + "|" + level + "|" + names[level]);
        }
    }

    private void line(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        pipeline.line(b, 0, b.length);
    }

    /** An exec of {@code comm} by {@code uid}/{@code euid} in cgroup {@code cgroup}: {@code create --bundle B id}. */
    private void exec(long uid, long euid, long cgroup, String comm, String id) {
        long t = ++tid;
        String args = String.join("\0", "/usr/bin/" + comm, "--root", "/run/" + comm, "create", "--bundle", bundle.toString(),
                "--pid-file", "/tmp/pid", id) + "\0";
        byte[] raw = args.getBytes(StandardCharsets.UTF_8);
        line("E|" + t * 1000 + "|" + t + "|" + t + "|1|" + uid + "|" + euid + "|0|0|0|" + raw.length + "|" + cgroup + "|0|0|0|0|0|" + comm);
        line("F|" + t * 1000 + "|" + t + "|1|0|0|0|0|/usr/bin/" + comm);
        for (int off = 0; off < raw.length; off += BpftraceScript.ARG_CHUNK_BYTES) {
            String chunk = new String(raw, off, Math.min(BpftraceScript.ARG_CHUNK_BYTES, raw.length - off), StandardCharsets.UTF_8);
            line("A|" + t + "|" + off + "|" + chunk.replace("\0", "\\x00"));
        }
    }
}
