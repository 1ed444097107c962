package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sensor reads of an OCI runtime spec ({@code config.json}): its annotations, and whether the
 * container is privileged. Immutable.
 *
 * <p>The spec has no privileged flag; a runtime that makes a privileged container (Docker's and Podman's
 * {@code --privileged}, a Kubernetes {@code securityContext.privileged}) gives it every capability and
 * masks no path nor makes any read-only, so that is what is looked for: all of {@code CAP_CHOWN} to
 * {@code CAP_AUDIT_READ} in the bounding set, and no {@code maskedPaths} nor {@code readonlyPaths}.
 *
 * @param annotations the spec's annotations (empty when it has none)
 * @param privileged whether the spec is a privileged container's, as above
 */
record OciSpec(Map<String, String> annotations, boolean privileged) {

    /** The capabilities every runtime grants a privileged container (0 to 37: Linux 3.16 and later). */
    static final List<String> ALL_CAPABILITIES = List.of(Capabilities.names((1L << 38) - 1).split(" "));

    OciSpec {
        annotations = Map.copyOf(annotations);
    }

    /** Reads the spec in {@code json}. */
    static OciSpec parse(String json) throws JsonException {
        Map<String, Object> spec = JsonReader.parseObject(json);
        Map<String, String> annotations = new HashMap<>();
        if (spec.get("annotations") instanceof Map<?, ?> a) {
            a.forEach((k, v) -> annotations.put(String.valueOf(k), String.valueOf(v)));
        }
        return new OciSpec(annotations, privileged(spec));
    }

    private static boolean privileged(Map<String, Object> spec) {
        if (!(spec.get("process") instanceof Map<?, ?> process) || !(process.get("capabilities") instanceof Map<?, ?> caps)
                || !(caps.get("bounding") instanceof List<?> bounding) || !bounding.containsAll(ALL_CAPABILITIES)) {
            return false;
        }
        if (spec.get("linux") instanceof Map<?, ?> linux) {
            return isEmpty(linux.get("maskedPaths")) && isEmpty(linux.get("readonlyPaths"));
        }
        return true;
    }

    private static boolean isEmpty(Object paths) {
        return paths == null || paths instanceof List<?> l && l.isEmpty();
    }
}
