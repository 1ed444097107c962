package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.core.condition.printer.ConditionPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Kestrel's own ruleset, as shipped in the jar. */
class DefaultRulesetTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items() {
        return (List<Map<String, Object>>) new Yaml().load(DefaultRules.source().content());
    }

    /**
     * Every condition parses, and its canonical text parses back to the same tree (so what
     * {@code kestrel parse} prints for it means the same). Loading the whole ruleset is
     * KestrelRulesTest's.
     */
    @Test
    void everyConditionParses() {
        List<String> failures = new ArrayList<>();
        int conditions = 0;
        for (Map<String, Object> item : items()) {
            Object condition = item.get("condition");
            if (condition == null) {
                continue;
            }
            conditions++;
            Object name = item.getOrDefault("rule", item.get("macro"));
            try {
                Expr parsed = ConditionParser.parse((String) condition);
                Expr reparsed = ConditionParser.parse(ConditionPrinter.print(parsed));
                if (!reparsed.equals(parsed)) {
                    failures.add(name + ": printed as " + ConditionPrinter.print(parsed) + " it parses differently");
                }
            } catch (ConditionSyntaxException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(conditions).as("rules and macros with a condition").isEqualTo(
                (int) items().stream().filter(i -> i.containsKey("rule") || i.containsKey("macro")).count());
    }

    @Test
    void coversWhatTheDeploymentReliesOn() {
        List<String> rules = items().stream().filter(i -> i.containsKey("rule")).map(i -> (String) i.get("rule")).toList();
        assertThat(rules).containsExactly(
                "Terminal shell in container",
                "Sensitive file read by untrusted program",
                "Write below /etc",
                "Package manager run in container",
                "Write below binary directory",
                "Contact K8S API server from container",
                "Unexpected outbound connection from container",
                "Shell spawned by a Java process",
                "Drop and execute new binary in container");
        for (Map<String, Object> item : items()) {
            if (item.containsKey("rule")) {
                assertThat(Priority.parse((String) item.get("priority"))).isNotNull();
                assertThat(item).containsKeys("desc", "condition", "output", "tags");
            }
        }
    }

    @Test
    void definesTheMacrosUserRulesBuildOn() {
        List<Object> macros = items().stream().map(i -> i.get("macro")).filter(m -> m != null).toList();
        List<Object> lists = items().stream().map(i -> i.get("list")).filter(m -> m != null).toList();
        assertThat(macros).contains("spawned_process", "container", "open_read", "open_write", "outbound");
        assertThat(lists).contains("shell_binaries", "package_mgmt_binaries");
    }
}
