package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sensor reads of an OCI runtime spec ({@code config.json}): its annotations, and whether the
 * container is privileged. Immutable.
 *
 * <p>The spec has no privileged flag; a runtime that makes a privileged container (Docker's and Podman's
 * {@code --privileged}, a Kubernetes {@code securityContext.privileged}) gives it every capability it has
 * itself and masks no path nor makes any read-only, so that is what is looked for: every capability of
 * {@code CAP_CHOWN} to {@code CAP_AUDIT_READ} the node grants ({@link #grantedToPrivileged}) in the
 * bounding set, and no {@code maskedPaths} nor {@code readonlyPaths}.
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

    /**
     * The capabilities a privileged container gets on this node: those of {@link #ALL_CAPABILITIES} in the
     * bounding set of the process whose {@code status} is given (the sensor's own, as a DaemonSet as
     * privileged as the runtime; a runtime cannot grant what its bounding set lacks). All of them when it
     * cannot be read.
     */
    static Set<String> grantedToPrivileged(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapBnd:")) {
                    long bounding = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return Set.copyOf(List.of(Capabilities.names(bounding & ((1L << 38) - 1)).split(" ")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // all of them, below
        }
        return Set.copyOf(ALL_CAPABILITIES);
    }

    /** Reads the spec in {@code json}; privileged when its bounding set holds all of {@code granted} (and nothing is masked). */
    static OciSpec parse(String json, Set<String> granted) throws JsonException {
        Map<String, Object> spec = JsonReader.parseObject(json);
        Map<String, String> annotations = new HashMap<>();
        if (spec.get("annotations") instanceof Map<?, ?> a) {
            a.forEach((k, v) -> annotations.put(String.valueOf(k), String.valueOf(v)));
        }
        return new OciSpec(annotations, privileged(spec, granted));
    }

    private static boolean privileged(Map<String, Object> spec, Set<String> granted) {
        if (granted.isEmpty() || !(spec.get("process") instanceof Map<?, ?> process)
                || !(process.get("capabilities") instanceof Map<?, ?> caps)
                || !(caps.get("bounding") instanceof List<?> bounding) || !bounding.containsAll(granted)) {
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
