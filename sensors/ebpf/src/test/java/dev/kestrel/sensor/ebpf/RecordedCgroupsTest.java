package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** runc's {@code cgroup_paths} as runc writes them (mount point joined with the cgroup), from each hierarchy's root. */
class RecordedCgroupsTest {

    private static final String ID = "c1c2c3c4c5c6" + "0000000000000000000000000000000000000000000000000000";

    @TempDir
    Path root;

    /** runc's state for {@code id} under {@code root}: its pod named {@code pod}, {@code cgroupPaths} (JSON, or null: none). */
    static void writeState(Path root, String id, String pod, String cgroupPaths) throws IOException {
        Path bundle = Files.createDirectories(root.resolve("bundles").resolve(id));
        Files.writeString(bundle.resolve("config.json"), """
                {"annotations": {"io.kubernetes.cri.sandbox-name": "%s", "io.kubernetes.cri.sandbox-namespace": "shop",
                 "io.kubernetes.cri.container-name": "web", "io.kubernetes.cri.image-name": "nginx:1.25"},
                 "linux": {"cgroupsPath": "/anything/the/bundles/maker/says"}}""".formatted(pod));
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("state.json"), """
                {"id": "%s", "created": "2026-11-30T12:00:00Z", "config": {"labels": ["bundle=%s"]}%s}""".formatted(id, bundle,
                cgroupPaths == null ? "" : ", \"cgroup_paths\": " + cgroupPaths));
    }

    /** runc's cgroup v1 record of a container in {@code path}: one directory per controller's mount. */
    static String v1(String path) {
        return """
                {"memory": "/sys/fs/cgroup/memory%1$s", "cpu": "/sys/fs/cgroup/cpu,cpuacct%1$s", "pids": "/sys/fs/cgroup/pids%1$s",
                 "name=systemd": "/sys/fs/cgroup/systemd%1$s"}""".formatted(path);
    }

    /** runc's cgroup v2 record of a container in {@code path}. */
    static String v2(String path) {
        return "{\"\": \"/sys/fs/cgroup" + path + "\"}";
    }

    @ParameterizedTest
    @CsvSource({
        "memory, /sys/fs/cgroup/memory/kubepods/besteffort/pod1/" + ID + ", /kubepods/besteffort/pod1/" + ID,
        "cpu, '/sys/fs/cgroup/cpu,cpuacct/kubepods/pod1', /kubepods/pod1",
        "pids, /cgroup/pids/docker/" + ID + ", /docker/" + ID,
        "memory, /sys/fs/cgroup/memory, /",
        "'', /sys/fs/cgroup/system.slice/docker-" + ID + ".scope, /system.slice/docker-" + ID + ".scope",
        "'', /sys/fs/cgroup, /",
    })
    void theMountIsTakenOff(String controller, String absolute, String relative) {
        assertThat(RecordedCgroups.relative(controller, absolute, !controller.isEmpty())).isEqualTo(relative);
    }

    @ParameterizedTest
    @CsvSource({
        "'', /run/cgroup2/kubepods",
        "memory, /sys/fs/cgroup/cpu/kubepods",
        "memory, sys/fs/cgroup/memory/kubepods",
        "memory, /sys/fs/cgroup/memory/kubepods/../docker",
        "'', /sys/fs/cgroup//kubepods",
        "'', /",
    })
    void aPathNotAsRuncWritesItIsLeftOut(String controller, String absolute) {
        assertThat(RecordedCgroups.relative(controller, absolute, !controller.isEmpty())).isNull();
    }

    @Test
    void onlyTheControllersTheSensorMayReadAreKept() {
        RecordedCgroups r = RecordedCgroups.of(Map.of("memory", "/sys/fs/cgroup/memory/a", "name=systemd", "/sys/fs/cgroup/systemd/a",
                "hugetlb", "/sys/fs/cgroup/hugetlb/a", "", "/sys/fs/cgroup/unified/a"));
        assertThat(r.path("memory")).isEqualTo("/a");
        assertThat(r.path("name=systemd")).isNull();
        assertThat(r.path("hugetlb")).isNull();
        assertThat(RecordedCgroups.of(List.of("memory"))).isSameAs(RecordedCgroups.NONE);
        assertThat(RecordedCgroups.of(Map.of("memory", 7))).isSameAs(RecordedCgroups.NONE);
        assertThat(RecordedCgroups.of(null)).isSameAs(RecordedCgroups.NONE);
    }

    /** A hybrid host: runc's v1 manager records v2's hierarchy under "" at {@code /sys/fs/cgroup/unified}. */
    @Test
    void onAHybridHostTheUnifiedHierarchysMountIsTakenOff() {
        RecordedCgroups hybrid = RecordedCgroups.of(Map.of("memory", "/sys/fs/cgroup/memory/docker/" + ID,
                "", "/sys/fs/cgroup/unified/docker/" + ID));
        assertThat(hybrid.path("")).isEqualTo("/docker/" + ID);
        assertThat(hybrid.path("memory")).isEqualTo("/docker/" + ID);
        // runc's v2 manager records "" alone, at /sys/fs/cgroup: a top cgroup named "unified" stays in the path
        assertThat(RecordedCgroups.of(Map.of("", "/sys/fs/cgroup/unified/docker/" + ID)).path("")).isEqualTo("/unified/docker/" + ID);
    }

    @Test
    void runcsStateGivesItsRecordAndTheBundlesCgroupsPathGivesNone() throws Exception {
        writeState(root, ID, "web-7", v1("/kubepods/pod1/" + ID));
        Found f = new OciRuntimeMetadata(List.of(root), Duration.ofMinutes(10), 100).lookup(ID).orElseThrow();
        assertThat(f.cgroups().path("memory")).isEqualTo("/kubepods/pod1/" + ID);
        assertThat(f.cgroups().path("cpu")).isEqualTo("/kubepods/pod1/" + ID);
        assertThat(f.cgroups().path("")).isNull();

        Path other = Files.createDirectories(root.resolve("other"));
        writeState(other, ID, "web-7", null);
        Found unrecorded = new OciRuntimeMetadata(List.of(other), Duration.ofMinutes(10), 100).lookup(ID).orElseThrow();
        assertThat(unrecorded.pod().name()).as("the bundle was read").isEqualTo("web-7");
        assertThat(unrecorded.cgroups()).isSameAs(RecordedCgroups.NONE);
    }

    @Test
    void crunsOnePathIsTheRecordOfEveryHierarchyAndAnythingElseIsNone() {
        RecordedCgroups crun = RecordedCgroups.ofCrun("/machine.slice/libpod-" + ID + ".scope/container");
        assertThat(crun.path("memory")).isEqualTo("/machine.slice/libpod-" + ID + ".scope/container");
        assertThat(crun.path("")).isEqualTo(crun.path("memory"));
        for (Object bad : new Object[] {"", "/", "relative/" + ID, "/a/../" + ID, "/a//b", 7, null}) {
            assertThat(RecordedCgroups.ofCrun(bad)).as(String.valueOf(bad)).isSameAs(RecordedCgroups.NONE);
        }
    }
}
