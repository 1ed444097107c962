package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuncInvocationTest {

    @Test
    void containerdShimsCreateCallGivesIdAndBundle() {
        String id = "a".repeat(64);
        assertThat(RuncInvocation.of(List.of("runc", "--root", "/run/containerd/runc/k8s.io", "--log", "/x/log.json",
                "create", "--bundle", "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + id, "--pid-file", "/x/pid", id)))
                .contains(new RuncInvocation(id, Path.of("/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + id)));
    }

    @Test
    void otherRuncCommandsGiveNothing() {
        assertThat(RuncInvocation.of(List.of("runc", "init"))).isEmpty();
        assertThat(RuncInvocation.of(List.of("runc", "delete", "-f", "abc"))).isEmpty();
        assertThat(RuncInvocation.of(List.of("runc", "run", "-b", "relative/dir", "abc"))).isEmpty();
        assertThat(RuncInvocation.of(List.of("runc", "run", "--bundle=/b", "abc"))).contains(new RuncInvocation("abc", Path.of("/b")));
    }
}
