package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container metadata event libsinsp writes into captures ({@code {"container": {...}}}), read
 * into {@link ContainerMetadata}. Keys it does not know are ignored; a missing key leaves its field
 * unknown.
 */
final class ContainerJson {

    /** libsinsp's container type numbers, in order. */
    private static final String[] TYPES = {"docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri",
        "containerd", "cri-o", "bpm", "static", "podman"};

    private ContainerJson() {
    }

    /**
     * @throws JsonException when the text is not JSON or has no {@code container} object
     */
    static ContainerMetadata parse(String json) throws JsonException {
        Map<String, Object> root = JsonReader.parseObject(json);
        if (!(root.get("container") instanceof Map<?, ?> c)) {
            throw new JsonException("the container event has no \"container\" object", 1, 1);
        }
        String id = text(c.get("id"));
        String fullId = text(c.get("full_id"));
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        List<ContainerMetadata.Mount> mounts = new ArrayList<>();
        if (c.get("Mounts") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    mounts.add(new ContainerMetadata.Mount(text(m.get("Source")), text(m.get("Destination")),
                            text(m.get("Mode")), Boolean.TRUE.equals(m.get("RW")), text(m.get("Propagation"))));
                }
            }
        }
        long created = c.get("created_time") instanceof Long s ? s * 1_000_000_000L : 0;
        String type = c.get("type") instanceof Long t && t >= 0 && t < TYPES.length ? TYPES[(int) (long) t]
                : text(c.get("type"));
        return new ContainerMetadata(id, fullId, text(c.get("name")), text(c.get("image")), text(c.get("imagerepo")),
                text(c.get("imagetag")), text(c.get("imageid")), text(c.get("imagedigest")), type,
                Boolean.TRUE.equals(c.get("privileged")), labels, mounts, created, ip(c.get("ip")), false,
                false, false, null);
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** The address as text; older writers stored an IPv4 address as a number in host order. */
    private static String ip(Object o) {
        if (o instanceof Long n) {
            return ((n >> 24) & 0xFF) + "." + ((n >> 16) & 0xFF) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
        }
        return text(o);
    }
}
