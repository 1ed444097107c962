package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an OCI spec says: its annotations, and whether it is a privileged container's. */
class OciSpecTest {

    private static final Set<String> ALL = Set.copyOf(OciSpec.ALL_CAPABILITIES);

    private static OciSpec parse(String json) throws Exception {
        return OciSpec.parse(json, ALL);
    }

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
        OciSpec s = parse(spec(OciSpec.ALL_CAPABILITIES, List.of(), List.of()));
        assertThat(s.privileged()).isTrue();
        assertThat(s.annotations()).containsEntry("io.kubernetes.cri.container-name", "app");
        assertThat(parse(spec(OciSpec.ALL_CAPABILITIES, null, null)).privileged()).as("no lists at all").isTrue();
        List<String> more = new ArrayList<>(OciSpec.ALL_CAPABILITIES);
        more.addAll(List.of("CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"));
        assertThat(parse(spec(more, List.of(), List.of())).privileged()).as("newer capabilities too").isTrue();
    }

    @Test
    void aDefaultContainerIsNotPrivileged() throws Exception {
        // runc spec's defaults: three capabilities, /proc/kcore and others masked, /proc/sys read-only.
        String runcDefault = spec(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), List.of("/proc/kcore"),
                List.of("/proc/sys"));
        assertThat(parse(runcDefault).privileged()).isFalse();
    }

    @Test
    void oneCapabilityMissingOrOnePathMaskedOrReadOnlyIsNotPrivileged() throws Exception {
        for (String left : OciSpec.ALL_CAPABILITIES) {
            List<String> caps = new ArrayList<>(OciSpec.ALL_CAPABILITIES);
            caps.remove(left);
            assertThat(parse(spec(caps, List.of(), List.of())).privileged()).as("without %s", left).isFalse();
        }
        assertThat(parse(spec(OciSpec.ALL_CAPABILITIES, List.of("/proc/kcore"), List.of())).privileged()).isFalse();
        assertThat(parse(spec(OciSpec.ALL_CAPABILITIES, List.of(), List.of("/proc/sys"))).privileged()).isFalse();
    }

    @Test
    void aSpecWithoutProcessOrCapabilitiesIsNotPrivileged() throws Exception {
        assertThat(parse("{}").privileged()).isFalse();
        assertThat(parse("{\"process\":{\"args\":[\"sh\"]}}").privileged()).isFalse();
        assertThat(parse("{\"process\":{\"capabilities\":{\"bounding\":\"CAP_SYS_ADMIN\"}}}").privileged()).isFalse();
        assertThat(parse("{}").annotations()).isEmpty();
    }

    /**
     * A runtime grants a privileged container the capabilities it has: on a node whose bounding set lacks
     * CAP_SYS_RESOURCE (as this test VM's), a privileged spec lacks it too and is still privileged.
     */
    @Test
    void aPrivilegedContainerHasEveryCapabilityTheNodeGrants(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tkestrel\nCapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n");
        Set<String> granted = OciSpec.grantedToPrivileged(status);
        assertThat(granted).hasSize(37).doesNotContain("CAP_SYS_RESOURCE").contains("CAP_SYS_ADMIN", "CAP_AUDIT_READ");
        List<String> node = new ArrayList<>(OciSpec.ALL_CAPABILITIES);
        node.remove("CAP_SYS_RESOURCE");
        assertThat(OciSpec.parse(spec(node, List.of(), List.of()), granted).privileged()).isTrue();
        assertThat(OciSpec.parse(spec(node, List.of(), List.of()), ALL).privileged()).as("on a node granting all").isFalse();
        node.remove("CAP_SYS_ADMIN");
        assertThat(OciSpec.parse(spec(node, List.of(), List.of()), granted).privileged()).isFalse();
        assertThat(OciSpec.grantedToPrivileged(dir.resolve("missing"))).as("unreadable: all of them").isEqualTo(ALL);
    }

    @Test
    void theThirtyEightCapabilitiesEveryRuntimeGrantsAreNamedAsTheSpecNamesThem() {
        assertThat(OciSpec.ALL_CAPABILITIES).hasSize(38).startsWith("CAP_CHOWN").endsWith("CAP_AUDIT_READ")
                .contains("CAP_SYS_ADMIN", "CAP_SYS_MODULE");
    }
}
