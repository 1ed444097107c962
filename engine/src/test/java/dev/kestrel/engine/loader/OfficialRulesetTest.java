package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.field.FieldCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfficialRulesetTest {

    private final RulesLoader loader = new RulesLoader(FieldCatalogue.load(getClass().getClassLoader()));

    @Test
    void theOfficialRulesetLoadsWithExactCounts() {
        LoadResult result = loader.loadPaths(List.of(TestFiles.officialRules()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).hasSize(25);
        assertThat(result.enabledRuleCount()).isEqualTo(25);
        assertThat(result.macroCount()).isEqualTo(87);
        assertThat(result.listCount()).isEqualTo(49);
        assertThat(result.rules()).allSatisfy(r -> assertThat(containsMacroRef(r.condition())).isFalse());
    }

    @Test
    void theOfficialRulesetPassesEveryFieldCheck() {
        RulesLoader checked = new RulesLoader(DocumentedFields.catalogue());
        LoadResult result = checked.loadPaths(List.of(TestFiles.officialRules(), TestFiles.userRules()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).hasSize(29);
        assertThat(result.warnings()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.LOAD_DEPRECATED_ITEM);
    }

    @Test
    void listNamesAreSubstitutedIntoConditions() {
        LoadResult result = loader.loadPaths(List.of(TestFiles.officialRules()));
        LoadedRule rule = rule(result, "Run shell untrusted");
        assertThat(rule.conditionText()).doesNotContain("shell_binaries").contains("bash");
        assertThat(rule.priority()).isEqualTo(Priority.NOTICE);
        assertThat(rule.file()).endsWith("falco_rules.yaml");
    }

    @Test
    void userRulesLoadOnTopAndAppendAnException() {
        LoadResult result = loader.loadPaths(List.of(TestFiles.officialRules(), TestFiles.userRules()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).hasSize(29);
        LoadedRule drop = rule(result, "Drop and execute new binary in container");
        assertThat(drop.conditionText()).endsWith(
                " and not (container.image.repository in (moby/buildkit, docker.io/moby/buildkit))");
        assertThat(drop.exceptionFields()).containsExactly("container.image.repository");
        LoadedRule java = rule(result, "Java Process Spawning Shell");
        assertThat(java.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(java.tags()).contains("T1059", "rce");
        assertThat(java.output()).startsWith("CRITICAL: java process").doesNotEndWith("\n");
        LoadedRule pkg = rule(result, "Launch Package Management Process in Container");
        assertThat(pkg.conditionText()).doesNotContain("package_mgmt_binaries").contains("dpkg");
    }

    static LoadedRule rule(LoadResult result, String name) {
        return result.rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    static boolean containsMacroRef(Expr e) {
        if (e instanceof Expr.MacroRef) {
            return true;
        }
        if (e instanceof Expr.And a) {
            return a.children().stream().anyMatch(OfficialRulesetTest::containsMacroRef);
        }
        if (e instanceof Expr.Or o) {
            return o.children().stream().anyMatch(OfficialRulesetTest::containsMacroRef);
        }
        if (e instanceof Expr.Not n) {
            return containsMacroRef(n.operand());
        }
        if (e instanceof Expr.Comparison c) {
            return c.right() instanceof Value.ListName;
        }
        return false;
    }
}
