package dev.kestrel.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataBuildersTest {

    @Test
    void aSnapshotBuiltByNameHasTheDocumentedDefaults() {
        ProcessSnapshot p = ProcessSnapshot.builder().pid(4100).ppid(1).comm("java").exe("java")
                .exePath("/opt/java/openjdk/bin/java").args("-jar", "/app/blog-was.jar").uid(1000).build();
        assertThat(p.tid()).isEqualTo(4100);
        assertThat(p.euid()).isEqualTo(1000);
        assertThat(p.gid()).isEqualTo(-1);
        assertThat(p.loginUid()).isEqualTo(-1);
        assertThat(p.tty()).isZero();
        assertThat(p.args()).containsExactly("-jar", "/app/blog-was.jar");
        assertThat(p.env()).isEmpty();
        assertThat(p.cwd()).isNull();
        assertThat(p.containerId()).isNull();
        assertThatThrownBy(() -> ProcessSnapshot.builder().comm("x").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive pid");
    }

    @Test
    void aContainerKeepsItsFullIdShortensItAndCarriesThePodUid() {
        String full = "b71c0f4e9a12" + "0".repeat(52);
        ContainerMetadata c = ContainerMetadata.builder().id(full).name("was").imageRepository("registry.example.com/blog/was")
                .imageTag("2.3.1").labels(Map.of("app", "was")).podUid("5f0c-uid").build();
        assertThat(c.id()).isEqualTo("b71c0f4e9a12");
        assertThat(c.fullId()).isEqualTo(full);
        assertThat(c.image()).isEqualTo("registry.example.com/blog/was:2.3.1");
        assertThat(c.podUid()).isEqualTo("5f0c-uid");
        assertThat(c.mounts()).isEmpty();
        assertThatThrownBy(() -> ContainerMetadata.builder().name("x").build()).hasMessageContaining("needs an id");
    }

    @Test
    void aPodNeedsItsUid() {
        PodMetadata pod = PodMetadata.builder().uid("5f0c-uid").name("was-5f8c7d9b44-q7m2z").namespace("blog-system")
                .containerIds(List.of("b71c0f4e9a12")).build();
        assertThat(pod.labels()).isEmpty();
        assertThat(pod.containerIds()).containsExactly("b71c0f4e9a12");
        assertThatThrownBy(() -> PodMetadata.builder().name("x").build()).hasMessageContaining("needs a uid");
    }
}
