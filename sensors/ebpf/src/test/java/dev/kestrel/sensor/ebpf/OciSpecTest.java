package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an OCI spec says: its annotations, and whether it is a privileged container's. */
class OciSpecTest {

    /** A spec as runtimes write one: {@code bounding} capabilities, and the masked and read-only paths. */
    private static String spec(List<String> bounding, List<String> masked, List<String> readOnly) {
        Map<String, Object> linux = new LinkedHashMap<>();
        if (masked != null) {
            linux.put("maskedPaths", masked);
        }
        if (readOnly != null) {
            linux.put("readonlyPaths", readOnly);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        spec.put("process", Map.of("args", List.of("sh"), "capabilities",
                Map.of("bounding", bounding, "effective", List.of("CAP_KILL"))));
        spec.put("linux", linux);
        spec.put("annotations", Map.of("io.kubernetes.cri.container-name", "app"));
        return JsonWriter.write(spec);
    }

    @Test
    void everyCapabilityAndNoMaskedNorReadOnlyPathIsAPrivilegedContainer() throws Exception {
        OciSpec s = OciSpec.parse(spec(OciSpec.ALL_CAPABILITIES, List.of(), List.of()));
        assertThat(s.privileged()).isTrue();
        assertThat(s.annotations()).containsEntry("io.kubernetes.cri.container-name", "app");
        assertThat(OciSpec.parse(spec(OciSpec.ALL_CAPABILITIES, null, null)).privileged()).as("no lists at all").isTrue();
        List<String> more = new ArrayList<>(OciSpec.ALL_CAPABILITIES);
        more.addAll(List.of("CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"));
        assertThat(OciSpec.parse(spec(more, List.of(), List.of())).privileged()).as("newer capabilities too").isTrue();
    }

    @Test
    void aDefaultContainerIsNotPrivileged() throws Exception {
        // runc spec's defaults: three capabilities, /proc/kcore and others masked, /proc/sys read-only.
        String runcDefault = spec(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), List.of("/proc/kcore"),
                List.of("/proc/sys"));
        assertThat(OciSpec.parse(runcDefault).privileged()).isFalse();
    }

    @Test
    void oneCapabilityMissingOrOnePathMaskedOrReadOnlyIsNotPrivileged() throws Exception {
        for (String left : OciSpec.ALL_CAPABILITIES) {
            List<String> caps = new ArrayList<>(OciSpec.ALL_CAPABILITIES);
            caps.remove(left);
            assertThat(OciSpec.parse(spec(caps, List.of(), List.of())).privileged()).as("without %s", left).isFalse();
        }
        assertThat(OciSpec.parse(spec(OciSpec.ALL_CAPABILITIES, List.of("/proc/kcore"), List.of())).privileged()).isFalse();
        assertThat(OciSpec.parse(spec(OciSpec.ALL_CAPABILITIES, List.of(), List.of("/proc/sys"))).privileged()).isFalse();
    }

    @Test
    void aSpecWithoutProcessOrCapabilitiesIsNotPrivileged() throws Exception {
        assertThat(OciSpec.parse("{}").privileged()).isFalse();
        assertThat(OciSpec.parse("{\"process\":{\"args\":[\"sh\"]}}").privileged()).isFalse();
        assertThat(OciSpec.parse("{\"process\":{\"capabilities\":{\"bounding\":\"CAP_SYS_ADMIN\"}}}").privileged()).isFalse();
        assertThat(OciSpec.parse("{}").annotations()).isEmpty();
    }

    @Test
    void theThirtyEightCapabilitiesEveryRuntimeGrantsAreNamedAsTheSpecNamesThem() {
        assertThat(OciSpec.ALL_CAPABILITIES).hasSize(38).startsWith("CAP_CHOWN").endsWith("CAP_AUDIT_READ")
                .contains("CAP_SYS_ADMIN", "CAP_SYS_MODULE");
    }
}
