package dev.kestrel.response;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts for tests. */
final class TestAlerts {

    private TestAlerts() {
    }

    static Alert alert(String rule, Priority priority, List<String> tags, Map<String, Object> fields) {
        return new Alert(1_732_871_040_000_000_000L, rule, priority, "syscall", "node-1",
                "09:04:00.000000000: " + priority.display() + " " + rule, new LinkedHashMap<>(fields), tags);
    }

    static Alert podAlert(String rule, Priority priority, String namespace, String pod) {
        return alert(rule, priority, List.of("container", "shell"), Map.of("k8s.ns.name", namespace, "k8s.pod.name", pod,
                "container.name", "app"));
    }
}
