package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A container and its pod from a bundle's annotations, with Falco's values for what Falco shows. */
class CriAnnotationsTest {

    private static final String ID = "3f5a0c9d2b71" + "e4".repeat(26);
    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Map<String, String> containerd() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("io.kubernetes.cri.container-name", "web");
        a.put("io.kubernetes.cri.image-name", "docker.io/library/nginx:1.25");
        a.put("io.kubernetes.cri.sandbox-name", "web-7d4b9c-x2k8q");
        a.put("io.kubernetes.cri.sandbox-namespace", "shop");
        a.put("io.kubernetes.cri.sandbox-uid", "6a1f0e2d-1111-2222-3333-444455556666");
        return a;
    }

    @ParameterizedTest(name = "{0} -> repository {1}, tag {2}, digest {3}")
    @CsvSource(nullValues = "-", value = {
        "docker.io/library/nginx:1.25, docker.io/library/nginx, 1.25, -",
        "nginx, nginx, -, -",
        "nginx:latest, nginx, latest, -",
        "localhost:5000/app, localhost:5000/app, -, -",
        "localhost:5000/app:2.1, localhost:5000/app, 2.1, -",
        "repo/app@" + DIGEST + ", repo/app, -, " + DIGEST,
        "repo/app:1.0@" + DIGEST + ", repo/app, 1.0, " + DIGEST,
        "localhost:5000/app@" + DIGEST + ", localhost:5000/app, -, " + DIGEST,
    })
    void theImageSplitsIntoRepositoryTagAndDigestAsFalcoSplitsIt(String image, String repository, String tag, String digest) {
        Map<String, String> a = containerd();
        a.put("io.kubernetes.cri.image-name", image);

        ContainerMetadata c = CriAnnotations.describe(ID, a, false, 0, null, false).container();

        assertThat(c.image()).isEqualTo(image);
        assertThat(c.imageRepository()).isEqualTo(repository);
        assertThat(c.imageTag()).isEqualTo(tag);
        assertThat(c.imageDigest()).as("container.image.digest").isEqualTo(digest);
    }

    @Test
    void aPodWithoutAUidAnnotationHasNoUidButKeepsItsNameAndNamespace() {
        Map<String, String> a = containerd();
        a.remove("io.kubernetes.cri.sandbox-uid");

        Found f = CriAnnotations.describe(ID, a, false, 0, null, false);

        assertThat(f.pod().uid()).as("k8s.pod.uid is not made up from namespace and name").isNull();
        assertThat(f.container().podUid()).isNull();
        assertThat(f.pod().name()).isEqualTo("web-7d4b9c-x2k8q");
        assertThat(f.pod().namespace()).isEqualTo("shop");
        assertThat(f.pod().containerIds()).as("the pod still names its container").containsExactly(ID.substring(0, 12));
    }

    @Test
    void anEmptyAnnotationCountsAsMissing() {
        Map<String, String> a = containerd();
        a.put("io.kubernetes.cri.container-name", "");
        a.put("io.kubernetes.cri.sandbox-uid", "");

        Found f = CriAnnotations.describe(ID, a, false, 0, null, false);

        assertThat(f.container().name()).isEqualTo(ID.substring(0, 12));
        assertThat(f.pod().uid()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // what the annotations say, the type hint (root or cgroup layout), the type
        "kubernetes containerd, -, containerd",
        "kubernetes cri-o, -, cri-o",
        "manager libpod, -, podman",
        "manager cri-o, -, cri-o",
        "manager libpod and kubernetes cri-o, -, podman",
        "none, docker, docker",
        "none, podman, podman",
        "none, -, -",
        "kubernetes containerd, docker, containerd",
    })
    void theContainerTypeIsOneOfFalcosValues(String says, String hint, String type) {
        Map<String, String> a = new LinkedHashMap<>();
        if (says.contains("kubernetes containerd")) {
            a.putAll(containerd());
        }
        if (says.contains("kubernetes cri-o")) {
            a.put("io.kubernetes.pod.name", "db-0");
            a.put("io.kubernetes.cri-o.SandboxID", "c8f4");
        }
        if (says.contains("manager")) {
            a.put(CriAnnotations.MANAGER, says.contains("libpod") ? "libpod" : "cri-o");
        }

        assertThat(CriAnnotations.describe(ID, a, false, 0, hint, false).container().type()).isEqualTo(type);
    }

    /**
     * CRI-O copies a pod's annotations into its containers' specs: a pod annotating itself with containerd's keys
     * must not name its own namespace, pod, container and image on a node whose cgroups or manager say CRI-O.
     */
    @ParameterizedTest(name = "type hint {0}")
    @CsvSource(value = {"cri-o", "NULL"}, nullValues = "NULL")
    void aPodWritingContainerdsKeysOnCriONamesNothing(String hint) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("io.container.manager", "cri-o");
        a.put("io.kubernetes.pod.name", "miner-5f7c9");
        a.put("io.kubernetes.pod.namespace", "tenant-a");
        a.put("io.kubernetes.pod.uid", "6a1f0e2d-1111-2222-3333-444455556666");
        a.put("io.kubernetes.container.name", "miner");
        a.put("io.kubernetes.cri-o.ImageName", "evil.example/miner:1");
        a.put("io.kubernetes.cri.sandbox-namespace", "kube-system");
        a.put("io.kubernetes.cri.sandbox-name", "kube-proxy-x2k8q");
        a.put("io.kubernetes.cri.sandbox-uid", "00000000-0000-0000-0000-000000000000");
        a.put("io.kubernetes.cri.container-name", "kube-proxy");
        a.put("io.kubernetes.cri.image-name", "registry.k8s.io/kube-proxy:v1.30.0");

        Found f = CriAnnotations.describe(ID, a, false, 0, hint, false);

        assertThat(f.container().type()).isEqualTo("cri-o");
        assertThat(f.container().name()).isEqualTo("miner");
        assertThat(f.container().image()).isEqualTo("evil.example/miner:1");
        assertThat(f.pod().namespace()).isEqualTo("tenant-a");
        assertThat(f.pod().name()).isEqualTo("miner-5f7c9");
        assertThat(f.pod().uid()).isEqualTo("6a1f0e2d-1111-2222-3333-444455556666");
    }

    /** On a node whose state root or cgroups say containerd, CRI-O's keys (a pod's own, passed through) are not read. */
    @Test
    void onContainerdOnlyContainerdsKeysAreRead() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("io.kubernetes.cri.sandbox-name", "web-1");
        a.put("io.kubernetes.pod.namespace", "kube-system");

        Found f = CriAnnotations.describe(ID, a, false, 0, "containerd", false);

        assertThat(f.pod().name()).isEqualTo("web-1");
        assertThat(f.pod().namespace()).isNull();
    }
}
