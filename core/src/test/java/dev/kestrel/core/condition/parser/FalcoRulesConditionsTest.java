package dev.kestrel.core.condition.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every condition of Falco's official rules parses as written (lists not yet substituted). */
class FalcoRulesConditionsTest {

    @Test
    void everyMacroAndRuleConditionOfTheOfficialRulesParses() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Map<?, ?>> items = officialRules();
        int conditions = 0;
        for (Map<?, ?> item : items) {
            Object condition = item.get("condition");
            if (condition == null) {
                continue;
            }
            conditions++;
            String name = String.valueOf(item.containsKey("rule") ? item.get("rule") : item.get("macro"));
            try {
                ConditionParser.parse(condition.toString());
            } catch (ConditionSyntaxException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(conditions).as("rules and macros with a condition").isEqualTo(25 + 87);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> officialRules() throws IOException {
        Path file = Path.of(System.getProperty("kestrel.shared.dir", "../../shared"), "rules", "falco_rules.yaml");
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return (List<Map<?, ?>>) yaml.load(Files.readString(file));
    }
}
