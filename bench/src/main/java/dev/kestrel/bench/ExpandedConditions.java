package dev.kestrel.bench;

import dev.kestrel.core.condition.printer.ConditionPrinter;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the condition of every enabled rule of the given rules files with macros and lists expanded,
 * one per line as {@code RULE NAME<TAB>CONDITION}, so a tool that knows no macros (sysdig's filter) can run the same conditions;
 * {@code bench/vs-sysdig} uses it.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.kestrel.bench.ExpandedConditions falco_rules.yaml</pre>
 */
public final class ExpandedConditions {

    private ExpandedConditions() {
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            files.add(Path.of(a));
        }
        LoadResult result = new RulesLoader(FieldCatalogue.load(ExpandedConditions.class.getClassLoader()))
                .loadPaths(files);
        if (!result.ok()) {
            result.errors().forEach(d -> System.err.println(d.format()));
            System.exit(1);
        }
        for (LoadedRule rule : result.rules()) {
            if (rule.enabled()) {
                System.out.println(rule.name() + "\t" + ConditionPrinter.print(rule.condition()).replace('\n', ' '));
            }
        }
    }
}
