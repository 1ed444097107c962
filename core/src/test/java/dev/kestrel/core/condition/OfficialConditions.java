package dev.kestrel.core.condition;

import dev.kestrel.core.testsupport.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The raw {@code condition:} texts of Falco's official rules file, keyed by rule or macro name. */
public final class OfficialConditions {

    private OfficialConditions() {
    }

    /** Conditions in file order, keyed "rule: NAME" or "macro: NAME". */
    @SuppressWarnings("unchecked")
    public static Map<String, String> load() {
        Path file = SharedFiles.falcoRules();
        List<Map<String, Object>> items;
        try {
            items = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Map<String, Object> item : items) {
            Object condition = item.get("condition");
            if (condition != null) {
                String name = item.containsKey("rule") ? "rule: " + item.get("rule") : "macro: " + item.get("macro");
                conditions.put(name, condition.toString());
            }
        }
        return conditions;
    }
}
