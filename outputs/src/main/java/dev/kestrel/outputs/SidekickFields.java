package dev.kestrel.outputs;

import dev.kestrel.core.alert.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/** An alert's output fields as falcosidekick hands them to its outputs: Falco's, plus {@code customfields}. */
final class SidekickFields {

    private SidekickFields() {
    }

    static Map<String, Object> of(Alert alert, Map<String, String> customFields) {
        Map<String, Object> fields = new LinkedHashMap<>(alert.outputFields());
        fields.putAll(customFields);
        return fields;
    }
}
