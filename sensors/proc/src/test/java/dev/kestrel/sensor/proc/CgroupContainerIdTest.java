package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupContainerIdTest {

    private static final String ID = "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22";

    @ParameterizedTest
    @CsvSource({
        "/docker/" + ID + ", docker",
        "/system.slice/docker-" + ID + ".scope, docker",
        "/kubepods/besteffort/podac04f3f2-1f2c-11e9-b015-1ebee232acfa/" + ID + ", containerd",
        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-" + ID + ".scope, containerd",
        "/kubepods-burstable-pod1.slice:cri-containerd:" + ID + ", containerd",
        "/kubepods.slice/kubepods-pod1.slice/crio-" + ID + ".scope, cri-o",
        "/kubepods/pod1/crio-" + ID + ", cri-o",
        "/machine.slice/libpod-" + ID + ".scope, podman",
        "/machine.slice/libpod-" + ID + ".scope/container, podman",
        "/libpod_parent/libpod-" + ID + ", podman",
        "/machine.slice/libpod-payload-" + ID + ".scope, podman",
        "/default/" + ID + ", docker",
    })
    void recognisedLayoutsGiveTheFirstTwelveCharacters(String path, String runtime) {
        assertThat(CgroupContainerId.fromPath(path)).isEqualTo(new ContainerRef("605439acbd4f", runtime, ID));
    }

    @ParameterizedTest
    @CsvSource({
        "/",
        "/user.slice/user-0.slice/session-4.scope",
        "/system.slice/docker.service",
        "/process_api/2f4c1b",
        "/docker/" + "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f2",
        "/docker/" + "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22a",
        "/docker/" + "z05439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22",
        "/system.slice/docker-" + ID + ".service",
    })
    void everythingElseIsTheHost(String path) {
        ContainerRef ref = CgroupContainerId.fromPath(path);
        assertThat(ref.id()).isEqualTo("host");
        assertThat(ref.host()).isTrue();
    }

    @Test
    void theCgroupFileIsReadLineByLineAndAnyContainerLineWins() {
        List<String> v1 = List.of("12:pids:/", "11:memory:/docker/" + ID, "1:name=systemd:/docker/" + ID);
        assertThat(CgroupContainerId.fromCgroupFile(v1).id()).isEqualTo("605439acbd4f");
        assertThat(CgroupContainerId.fromCgroupFile(List.of("0::/system.slice/docker-" + ID + ".scope")).id())
                .isEqualTo("605439acbd4f");
        assertThat(CgroupContainerId.fromCgroupFile(List.of("0::/init.scope", "1:cpu:/")).id()).isEqualTo("host");
        assertThat(CgroupContainerId.fromCgroupFile(List.of()).id()).isEqualTo("host");
    }

    @Test
    void everySegmentNamedLikeAContainerIsACandidateTheDeepestFirst() {
        String other = "b".repeat(64);
        String path = "/kubepods/besteffort/pod1/" + ID + "/x/cri-containerd-" + other + ".scope/y";
        assertThat(CgroupContainerId.candidates(path)).containsExactly(
                new ContainerRef("bbbbbbbbbbbb", "containerd", other), new ContainerRef("605439acbd4f", "containerd", ID));
        assertThat(CgroupContainerId.candidates(path).get(0)).isEqualTo(CgroupContainerId.fromPath(path));
        assertThat(CgroupContainerId.candidates("/system.slice/sshd.service")).isEmpty();
    }

    @Test
    void theLineOfOneControllerIsFound() {
        List<String> hybrid = List.of("12:pids:/a", "4:cpu,cpuacct:/b", "3:memory:/c", "1:name=systemd:/d", "0::/e");
        assertThat(CgroupContainerId.pathIn(hybrid, "memory")).isEqualTo("/c");
        assertThat(CgroupContainerId.pathIn(hybrid, "cpu")).isEqualTo("/b");
        assertThat(CgroupContainerId.pathIn(hybrid, "")).isEqualTo("/e");
        assertThat(CgroupContainerId.pathIn(hybrid, "blkio")).isNull();
        assertThat(CgroupContainerId.pathIn(List.of("1:name=systemd:/d"), "")).isNull();
    }

    @Test
    void anIdOfAnotherScriptsDigitsIsNoContainer() {
        // U+0663 (Arabic-Indic three) and U+FF21 (fullwidth A) are digits to Character.digit, not to a runtime
        for (String digit : List.of("\u0663", "\uFF21")) {
            String path = "/user.slice/docker-" + digit.repeat(64) + ".scope";
            assertThat(CgroupContainerId.fromPath(path).host()).as(path).isTrue();
        }
        assertThat(CgroupContainerId.fromPath("/user.slice/docker-" + "3".repeat(64) + ".scope").id()).isEqualTo("333333333333");
    }
}
