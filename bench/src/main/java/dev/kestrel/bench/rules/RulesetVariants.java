package dev.kestrel.bench.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Synthetic larger rulesets for the scaling benchmark: every rule of a rules file repeated
 * {@code copies} times under new names, each copy with its own literal ({@code and proc.name !=
 * kestrel_variant_N}) so no two conditions are identical. The copies keep the original's event
 * types, so the rules per event type grow with the copies while the event mix stays the same.
 */
public final class RulesetVariants {
    private RulesetVariants() {
    }

    /** {@code rulesYaml} with each rule present {@code copies} times in all (1 returns the text unchanged). */
    @SuppressWarnings("unchecked")
    public static String multiply(String rulesYaml, int copies) {
        if (copies <= 1) {
            return rulesYaml;
        }
        Yaml yaml = textOnlyYaml();
        List<Object> items = (List<Object>) yaml.load(rulesYaml);
        List<Object> added = new ArrayList<>();
        for (int copy = 2; copy <= copies; copy++) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && map.containsKey("rule") && map.containsKey("condition")
                        && !"true".equals(map.get("append")) && !map.containsKey("override")) {
                    Map<String, Object> variant = new LinkedHashMap<>((Map<String, Object>) map);
                    variant.put("rule", map.get("rule") + " (variant " + copy + ")");
                    variant.put("condition", "(" + map.get("condition").toString().trim() + ") and proc.name != kestrel_variant_" + copy);
                    added.add(variant);
                }
            }
        }
        return rulesYaml + "\n" + yaml.dump(added);
    }

    /**
     * A YAML reader and writer that keeps every plain scalar as the text written ({@code 0644},
     * {@code yes}, {@code false} stay as they were), so copied rules are written back unchanged.
     */
    private static Yaml textOnlyYaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        options.setDereferenceAliases(true);
        Resolver plainText = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: every plain scalar is a string
            }
        };
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options, plainText);
    }
}
