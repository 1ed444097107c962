package dev.kestrel.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class RulesetVariantsTest {

    private static final String RULES = """
            - list: modes
              items: [0644, yes]
            - macro: spawned_process
              condition: evt.type = execve
            - rule: Shell
              desc: a shell
              condition: spawned_process and proc.name = bash
              output: shell %proc.name
              priority: WARNING
              enabled: false
              tags: [shell]
            - rule: Shell
              append: true
              condition: and proc.pname = java
            """;

    @SuppressWarnings("unchecked")
    @Test
    void copiesEveryRuleUnderANewNameWithItsOwnLiteralAndKeepsTheOriginalText() {
        String three = RulesetVariants.multiply(RULES, 3);
        assertThat(three).startsWith(RULES);
        List<Map<String, Object>> items = new Yaml(new SafeConstructor(new LoaderOptions())).load(three);
        assertThat(items).hasSize(6);
        Map<String, Object> copy = items.get(4);
        assertThat(copy.get("rule")).isEqualTo("Shell (variant 2)");
        assertThat(copy.get("condition")).isEqualTo("(spawned_process and proc.name = bash) and proc.name != kestrel_variant_2");
        assertThat(copy.get("enabled")).isEqualTo(false);
        assertThat(copy.get("tags")).isEqualTo(List.of("shell"));
        assertThat(items.get(5).get("rule")).isEqualTo("Shell (variant 3)");
        assertThat(RulesetVariants.multiply(RULES, 1)).isEqualTo(RULES);
        assertThat(three).doesNotContain("&id").doesNotContain("*id");
    }
}
