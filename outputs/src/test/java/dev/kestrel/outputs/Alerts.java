package dev.kestrel.outputs;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts for tests. */
final class Alerts {

    /** 2024-01-02T03:04:05.123456789Z */
    static final long TIME = 1_704_164_645_123_456_789L;

    private Alerts() {
    }

    static Alert alert(String rule, Priority priority) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("evt.time", TIME);
        fields.put("proc.name", "bash");
        fields.put("proc.pid", 42L);
        fields.put("k8s.ns.name", "shop");
        fields.put("k8s.pod.name", "cart-7d9");
        fields.put("fd.name", null);
        return new Alert(TIME, rule, priority, "syscall", "node-1",
                "03:04:05.123456789: " + priority.display() + " Shell spawned (proc=bash pid=42)",
                fields, List.of("shell", "mitre_execution"));
    }

    static Alert alert(String rule) {
        return alert(rule, Priority.WARNING);
    }
}
