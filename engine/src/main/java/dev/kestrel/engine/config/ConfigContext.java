package dev.kestrel.engine.config;

import dev.kestrel.engine.output.AlertJson;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the engine's own keys decided that an output section may need: the folder relative paths
 * start from, falcosidekick's {@code customfields}, Falco's {@code json_output} and JSON properties.
 * Immutable.
 */
public record ConfigContext(Path baseDir, Map<String, String> customFields, boolean jsonOutput, AlertJson.Options json) {

    public ConfigContext {
        customFields = Map.copyOf(customFields);
    }
}
