package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.CgroupContainerId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime command lines whose bundle is read early, and who may run them. */
class RuntimeInvocationTest {

    private static final String ID = "a".repeat(64);

    @Test
    void containerdShimsCreateCallGivesIdAndBundle() {
        assertThat(RuntimeInvocation.of(List.of("runc", "--root", "/run/containerd/runc/k8s.io", "--log", "/x/log.json",
                "create", "--bundle", "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + ID, "--pid-file", "/x/pid", ID)))
                .contains(new RuntimeInvocation(ID, Path.of("/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + ID)));
    }

    @Test
    void conmonsCrunCallGivesIdAndBundle() {
        // conmon (CRI-O, podman): RUNTIME [--systemd-cgroup] [runtime args] create --bundle B --pid-file P ... ID
        Path bundle = Path.of("/run/containers/storage/overlay-containers/" + ID + "/userdata");
        assertThat(RuntimeInvocation.of(List.of("/usr/bin/crun", "--systemd-cgroup", "--root=/run/crun", "create",
                "--bundle", bundle.toString(), "--pid-file", bundle + "/pidfile", "--no-pivot", "--console-socket",
                "/tmp/console.sock", ID))).contains(new RuntimeInvocation(ID, bundle));
    }

    @Test
    void crunsShortFormsAndItsConfigOption() {
        assertThat(RuntimeInvocation.of(List.of("crun", "run", "-b/b", ID))).contains(new RuntimeInvocation(ID, Path.of("/b")));
        assertThat(RuntimeInvocation.of(List.of("crun", "create", ID, "--bundle", "/b", "--pid-file", "/p")))
                .as("crun takes options after the id too").contains(new RuntimeInvocation(ID, Path.of("/b")));
        assertThat(RuntimeInvocation.of(List.of("crun", "create", "-b", "/b", "-f", "config.json", ID)))
                .as("the bundle's own config.json, named").contains(new RuntimeInvocation(ID, Path.of("/b")));
        assertThat(RuntimeInvocation.of(List.of("crun", "create", "-b", "/b", "--config", "/elsewhere.json", ID)))
                .as("another config file: the bundle's config.json is not the container's").isEmpty();
        assertThat(RuntimeInvocation.of(List.of("crun", "create", "-b", "/b", "--config=other.json", ID))).isEmpty();
        assertThat(RuntimeInvocation.of(List.of("crun", "create", "-b", "/b", "-fother.json", ID))).isEmpty();
    }

    @Test
    void otherRuntimeCommandsGiveNothing() {
        assertThat(RuntimeInvocation.of(List.of("runc", "init"))).isEmpty();
        assertThat(RuntimeInvocation.of(List.of("runc", "delete", "-f", "abc"))).isEmpty();
        assertThat(RuntimeInvocation.of(List.of("runc", "run", "-b", "relative/dir", "abc"))).isEmpty();
        assertThat(RuntimeInvocation.of(List.of("crun", "create", "--bundle", "/b"))).as("no id").isEmpty();
        assertThat(RuntimeInvocation.of(List.of("runc", "exec", ID, "run", "--bundle", "/b", ID))).as("a command run in it")
                .isEmpty();
        assertThat(RuntimeInvocation.of(List.of("runc", "run", "--bundle=/b", "abc"))).contains(new RuntimeInvocation("abc", Path.of("/b")));
    }

    @Test
    void runcAndCrunAreRuntimesByTheirCommandName() {
        assertThat(RuntimeInvocation.runtimeCommand("runc")).isTrue();
        assertThat(RuntimeInvocation.runtimeCommand("crun")).isTrue();
        assertThat(RuntimeInvocation.runtimeCommand("containerd-shim")).isFalse();
        assertThat(RuntimeInvocation.runtimeCommand("conmon")).isFalse();
    }

    @Test
    void onlyRootOnTheHostIsTrusted() {
        CgroupContainerId.ContainerRef host = CgroupContainerId.fromPath("/system.slice/containerd.service");
        CgroupContainerId.ContainerRef container = CgroupContainerId.fromPath("/kubepods/besteffort/pod1/" + "b".repeat(64));

        assertThat(RuntimeInvocation.trusted(0, 0, host)).isTrue();
        assertThat(RuntimeInvocation.trusted(1000, 1000, host)).as("a user").isFalse();
        assertThat(RuntimeInvocation.trusted(1000, 0, host)).as("set-uid root, run by a user").isFalse();
        assertThat(RuntimeInvocation.trusted(0, 1000, host)).as("root running as a user").isFalse();
        assertThat(RuntimeInvocation.trusted(0, 0, container)).as("root in a container").isFalse();
        assertThat(RuntimeInvocation.trusted(0, 0, null)).as("cgroup unknown").isFalse();
    }

    /**
     * A bundle this JVM cannot name is no invocation, not an exception that would lose the exec's record: with a
     * file-name encoding other than UTF-8 (no LANG, as in many images) any non-ASCII byte does it; a NUL on any.
     */
    @Test
    void aBundleThisJvmCannotNameGivesNothing() {
        assertThat(RuntimeInvocation.of(List.of("runc-x", "create", "--bundle", "/tmp/a\0b", ID))).isEmpty();
    }
}
