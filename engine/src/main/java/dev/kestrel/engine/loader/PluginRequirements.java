package dev.kestrel.engine.loader;

import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.engine.loader.RulesItem.PluginRequirementItem;
import dev.kestrel.engine.loader.RulesItem.PluginVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a rules file's {@code required_plugin_versions} against the Falco plugins the field classes
 * stand for ({@link FieldClass#plugin()}), as Falco checks them against its loaded plugins: each entry
 * needs one of its alternatives present with the same major version and at least the minor and patch
 * asked for. Stateless.
 */
final class PluginRequirements {

    private PluginRequirements() {
    }

    static void check(List<PluginRequirementItem> requirements, FieldCatalogue catalogue, Diagnostics diagnostics) {
        Map<String, FalcoPlugin> present = new LinkedHashMap<>();
        for (FieldClass c : catalogue.classes()) {
            c.plugin().ifPresent(p -> present.putIfAbsent(p.name(), p));
        }
        for (PluginRequirementItem requirement : requirements) {
            String problem = problem(requirement.alternatives(), present);
            if (problem != null) {
                diagnostics.error(requirement.spot(), DiagnosticCode.LOAD_ERR_VALIDATE, problem);
            }
        }
    }

    /** Null when one alternative is met, else Falco's sentence for the first mismatch or the whole entry. */
    static String problem(List<PluginVersion> alternatives, Map<String, FalcoPlugin> present) {
        for (PluginVersion wanted : alternatives) {
            FalcoPlugin plugin = present.get(wanted.name());
            if (plugin == null) {
                continue;
            }
            EngineVersion have = EngineVersion.parse(plugin.version());
            EngineVersion need = EngineVersion.parse(wanted.version());
            if (have == null) {
                return "Plugin '" + plugin.name() + "' has invalid version string '" + plugin.version() + "'";
            }
            if (need == null || !have.satisfies(need)) {
                return "Plugin '" + plugin.name() + "' version '" + plugin.version()
                        + "' is not compatible with required plugin version '" + wanted.version() + "'";
            }
            return null;
        }
        List<String> names = new ArrayList<>();
        for (PluginVersion wanted : alternatives) {
            names.add(wanted.name() + " (>= " + wanted.version() + ")");
        }
        return "Plugin requirement not satisfied, must load one of: " + String.join(", ", names);
    }
}
