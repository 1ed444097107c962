package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.field.FieldCatalogue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A macro chain that goes over maxConditionDepth or maxExpandedNodes is reported once, at the macro
 * where the limit is first crossed and at each rule that uses it, naming the chain: never at the
 * innocent innermost macros.
 */
class MacroLimitsTest {

    /** At most 20 levels deep and 100,000 nodes. */
    private static final LoaderLimits SHALLOW = new LoaderLimits(16 << 20, 64, 100, 20, 100_000, 4 << 20);
    /** At most 1,000 levels deep and 1,000 nodes. */
    private static final LoaderLimits SMALL = new LoaderLimits(16 << 20, 64, 100, 1000, 1000, 4 << 20);

    private static LoadResult load(LoaderLimits limits, String yaml) {
        return new RulesLoader(FieldCatalogue.load(RulesLoader.class.getClassLoader()), limits, Set.of("syscall"))
                .load(List.of(new RulesSource("chain.yaml", yaml)));
    }

    /** Macros m0 to m{count-1}, each on two lines (m{i} starts at line 2i+1), then rule r using the last on line 2count+3. */
    private static String chain(int count, String link) {
        StringBuilder yaml = new StringBuilder("- macro: m0\n  condition: proc.name = a\n");
        for (int i = 1; i < count; i++) {
            yaml.append("- macro: m").append(i).append("\n  condition: ").append(link.replace("PREV", "m" + (i - 1)))
                    .append('\n');
        }
        return yaml.append("- rule: r\n  desc: d\n  condition: evt.type=execve and m").append(count - 1)
                .append("\n  output: o\n  priority: WARNING\n").toString();
    }

    @Test
    void aChainTooDeepIsReportedAtTheMacroThatCrossesTheLimitAndAtTheRule() {
        LoadResult r = load(SHALLOW, chain(40, "(PREV)"));

        assertThat(r.errors()).hasSize(2);
        Diagnostic macro = r.errors().get(0);
        assertThat(macro.message()).isEqualTo("macro 'm21' nests more than 20 levels deep once its macros are expanded,"
                + " through macros m20, m19, m18 and 18 more (the limit maxConditionDepth)");
        assertThat(List.of(macro.file(), macro.line(), macro.column())).containsExactly("chain.yaml", 44, 15);
        Diagnostic rule = r.errors().get(1);
        assertThat(rule.message()).startsWith("rule 'r' nests more than 20 levels deep once its macros are expanded,"
                + " through macros m39, m38, m37 and ");
        assertThat(List.of(rule.line(), rule.column())).containsExactly(83, 34);
        assertThat(r.rules()).isEmpty();
    }

    @Test
    void aMacroSizeBombIsReportedAtTheMacroThatCrossesTheLimitAndAtTheRule() {
        LoadResult r = load(SMALL, chain(20, "(PREV or PREV)"));

        assertThat(r.errors()).hasSize(2);
        Diagnostic macro = r.errors().get(0);
        assertThat(macro.message()).isEqualTo("macro 'm8' has more than 1000 nodes once its macros are expanded,"
                + " reached inside macros m7, m6, m5 and 5 more (the limit maxExpandedNodes)");
        assertThat(macro.line()).as("the condition line of m8").isEqualTo(2 * 8 + 2);
        Diagnostic rule = r.errors().get(1);
        assertThat(rule.message()).startsWith("rule 'r' has more than 1000 nodes once its macros are expanded,"
                + " reached inside macros m19, m18, m17 and ");
        assertThat(List.of(rule.line(), rule.column())).containsExactly(43, 34);
    }
}
