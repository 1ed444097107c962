package dev.kestrel.engine.conformance;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.RuleCompileException;
import dev.kestrel.engine.compiler.RuleCompiler;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.fields.FieldValueBinder;
import dev.kestrel.fields.FieldValuesContext;
import java.util.List;
import java.util.Map;

/**
 * Loads one condition as a rule with the real field catalogue (every loader check runs) and evaluates it
 * on field values, as {@code kestrel eval} does. The outcome is "true", "false" or the code of the first
 * error.
 */
final class FieldValueRules {
    private static final FieldCatalogue CATALOGUE = FieldCatalogue.load(FieldValueRules.class.getClassLoader());

    private FieldValueRules() {
    }

    static String outcome(String condition, Map<String, Object> fields) {
        return outcome(List.of(), condition, fields);
    }

    /** {@code items} are extra rules-file items (lists, macros) written before the rule. */
    static String outcome(List<String> items, String condition, Map<String, Object> fields) {
        StringBuilder yaml = new StringBuilder();
        items.forEach(i -> yaml.append(i).append('\n'));
        yaml.append("- rule: r\n  desc: d\n  condition: ").append(quoted(condition))
                .append("\n  output: o\n  priority: WARNING\n");
        return outcomeOfFile(yaml.toString(), fields);
    }

    /** The outcome of the first rule of a whole rules file. */
    static String outcomeOfFile(String yaml, Map<String, Object> fields) {
        LoadResult loaded = load(yaml);
        if (!loaded.errors().isEmpty()) {
            return loaded.errors().get(0).code().text();
        }
        try {
            CompiledRuleset rs = new RuleCompiler(CATALOGUE, new FieldValueBinder(CATALOGUE)).compile(loaded.rules());
            return Boolean.toString(rs.newEvaluator().matches(rs.rules().get(0), new FieldValuesContext().reset(fields)));
        } catch (RuleCompileException e) {
            return e.diagnostics().get(0).code().text();
        }
    }

    static LoadResult load(String yaml) {
        return new RulesLoader(CATALOGUE).load(List.of(new RulesSource("rules.yaml", yaml)));
    }

    static List<Diagnostic> warnings(String yaml) {
        return load(yaml).warnings();
    }

    /** The condition as a YAML double-quoted scalar. */
    private static String quoted(String condition) {
        return "\"" + condition.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
