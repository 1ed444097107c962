package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.field.FieldCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoaderSemanticsTest {

    private static final String EXEC = """
            - macro: spawned_process
              condition: evt.type in (execve, execveat)
            """;

    private static LoadResult load(String... files) {
        List<RulesSource> sources = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new RulesSource("f" + (i + 1) + ".yaml", files[i]));
        }
        return new RulesLoader(FieldCatalogue.load(RulesLoader.class.getClassLoader())).load(sources);
    }

    private static String rule(String name, String condition) {
        return "- rule: " + name + "\n  desc: d\n  condition: " + condition
                + "\n  output: o %proc.name\n  priority: WARNING\n";
    }

    private static LoadedRule only(LoadResult r) {
        assertThat(r.errors()).isEmpty();
        return r.rules().get(0);
    }

    @Test
    void yamlScalarsStayTheirSourceText() {
        LoadResult r = load("- list: odd\n  items: [yes, 0644, true, 1.0, ~x]\n" + EXEC
                + rule("r", "spawned_process and proc.name in (odd)")
                + "  exceptions:\n    - name: e\n      fields: [proc.pname]\n      comps: [=]\n      values: [[no]]\n");
        assertThat(only(r).conditionText()).contains("proc.name in ( yes, 0644, true, 1.0, ~x )")
                .endsWith("and not (( proc.pname = no))");
    }

    @Test
    void listsAreSubstitutedAsTextEverywhere() {
        LoadResult r = load("- list: cats\n  items: [cat]\n- list: none\n  items: []\n"
                + "- list: spaced\n  items: [\"my shell\", sh]\n" + EXEC
                + rule("r", "spawned_process and proc.name=cats and proc.pname in (none, bash) "
                        + "and proc.aname in (spaced) and fd.name = file_cats"));
        String text = only(r).conditionText();
        assertThat(text).contains("proc.name= cat and").contains("proc.pname in (   bash)")
                .contains("proc.aname in ( \"my shell\", sh )").contains("fd.name = file_cats");
    }

    /** c expands b one level to (a, y); the text is then substituted list by list, so later becomes z. */
    @Test
    void listItemsNamingEarlierListsExpandOneLevel() {
        LoadResult r = load("- list: a\n  items: [x]\n- list: b\n  items: [a, y]\n- list: c\n  items: [b, later]\n"
                + "- list: later\n  items: [z]\n" + EXEC + rule("r", "spawned_process and proc.name in (c)"));
        assertThat(only(r).conditionText()).contains("proc.name in ( a, y, z )");
    }

    @Test
    void exceptionsFoldIntoTheConditionAsFalcoDoes() {
        LoadResult r = load(EXEC + rule("r", "spawned_process and (proc.cmdline contains curl or "
                + "proc.cmdline contains wget)") + """
                  exceptions:
                    - name: local
                      fields: [proc.cmdline, proc.pname]
                      comps: [contains, in]
                      values:
                        - [curl 127.0.0.1, [bash, sh]]
                        - [wget, shells]
                    - name: single
                      fields: proc.name
                      values: [python, "my tool"]
                    - name: empty
                      fields: [proc.name]
                """);
        LoadedRule rule = only(r);
        assertThat(rule.conditionText()).isEqualTo("(spawned_process and (proc.cmdline contains curl or "
                + "proc.cmdline contains wget)) and not (( proc.cmdline contains \"curl 127.0.0.1\" and  "
                + "proc.pname in (bash, sh)) or ( proc.cmdline contains wget and  proc.pname in (shells)))"
                + " and not (proc.name in (python, \"my tool\"))");
        assertThat(rule.exceptionFields()).containsExactly("proc.cmdline", "proc.name", "proc.pname");
    }

    @Test
    void falcosOwnExceptionExampleGivesTheSameTree() {
        LoadResult r = load("- rule: r\n  desc: d\n  condition: proc.cmdline contains curl or proc.cmdline "
                + "contains wget\n  output: o\n  priority: INFO\n  warn_evttypes: false\n  exceptions:\n"
                + "    - name: e\n      fields: [proc.cmdline]\n      comps: [contains]\n"
                + "      values: [[curl 127.0.0.1]]\n");
        assertThat(only(r).condition()).isEqualTo(ConditionParser.parse(
                "((proc.cmdline contains curl or proc.cmdline contains wget) and not proc.cmdline contains "
                        + "\"curl 127.0.0.1\")"));
    }

    @Test
    void aMacroSeesOnlyEarlierMacrosButRulesSeeAll() {
        LoadResult bad = load("- macro: a\n  condition: b\n- macro: b\n  condition: evt.type = open\n"
                + rule("r", "a"));
        assertThat(bad.errors()).extracting(Diagnostic::message)
                .containsExactly("undefined macro 'b': a macro can only use macros defined before it");
        LoadResult good = load(rule("r", "later and proc.name = cat") + "- macro: later\n  condition: evt.type = open\n");
        assertThat(good.errors()).isEmpty();
    }

    @Test
    void aRuleInAnEarlierFileCannotUseAMacroOfALaterFile() {
        LoadResult r = load(rule("r", "later"), "- macro: later\n  condition: evt.type = open\n");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("f1.yaml");
            assertThat(d.message()).startsWith("undefined macro 'later'");
        });
    }

    @Test
    void laterFilesAmendEarlierOnes() {
        LoadResult r = load(EXEC + rule("r", "spawned_process"), """
                - rule: r
                  condition: and proc.name = bash
                  output: (more)
                  tags: [extra]
                  override:
                    condition: append
                    output: append
                    tags: append
                - rule: r
                  priority: error
                  enabled: false
                  override:
                    priority: replace
                    enabled: replace
                """);
        LoadedRule rule = only(r);
        assertThat(rule.conditionText()).isEqualTo("spawned_process and proc.name = bash");
        assertThat(rule.output()).isEqualTo("o %proc.name (more)");
        assertThat(rule.tags()).containsExactly("extra");
        assertThat(rule.priority()).isEqualTo(Priority.ERROR);
        assertThat(rule.enabled()).isFalse();
    }

    @Test
    void aRedefinitionKeepsTheFirstPosition() {
        LoadResult r = load(EXEC + rule("a", "spawned_process") + rule("b", "spawned_process")
                + rule("a", "spawned_process and proc.name = sh"));
        assertThat(r.rules()).extracting(LoadedRule::name).containsExactly("a", "b");
        assertThat(r.rules().get(0).conditionText()).endsWith("proc.name = sh");
    }

    @Test
    void everyPrioritySpellingIsAccepted() {
        String[] spellings = {"emergency", "ALERT", "Critical", "error", "Warning", "NOTICE", "info",
            "Informational", "debug"};
        StringBuilder yaml = new StringBuilder(EXEC);
        for (int i = 0; i < spellings.length; i++) {
            yaml.append(rule("r" + i, "spawned_process").replace("WARNING", spellings[i]));
        }
        LoadResult r = load(yaml.toString());
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(LoadedRule::priority).containsExactly(Priority.EMERGENCY, Priority.ALERT,
                Priority.CRITICAL, Priority.ERROR, Priority.WARNING, Priority.NOTICE, Priority.INFORMATIONAL,
                Priority.INFORMATIONAL, Priority.DEBUG);
    }

    @Test
    void errorsInsideLiteralAndFoldedConditionsPointIntoTheFile() {
        LoadResult literal = load(EXEC + "- rule: r\n  desc: d\n  condition: |\n    spawned_process and\n"
                + "      proc.nme = bash\n  output: o\n  priority: INFO\n");
        assertThat(literal.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(7);
            assertThat(d.column()).isEqualTo(7);
        });
        LoadResult folded = load(EXEC + "- rule: r\n  desc: d\n  condition: >\n    spawned_process and\n"
                + "    proc.name = bash and fd.nam = x\n  output: o\n  priority: INFO\n");
        assertThat(folded.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(7);
            assertThat(d.column()).isEqualTo(26);
            assertThat(d.message()).contains("did you mean fd.name?");
        });
    }

    @Test
    void errorsInAMacroAreReportedOnceAtTheMacro() {
        LoadResult r = load("- macro: m\n  condition: evt.type = open and proc.nme = x\n"
                + rule("a", "m") + rule("b", "m"));
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isEqualTo(34);
        });
        assertThat(r.rules()).isEmpty();
    }

    @Test
    void everyIndependentErrorIsReported() {
        LoadResult r = load(EXEC + rule("a", "spawned_process and proc.nme = x")
                + rule("b", "spawned_process and fd.lport = http_x y") + rule("c", "spawned_process and evt.is_open_read = maybe"));
        assertThat(r.errors()).hasSize(3);
    }

    @Test
    void severalDocumentsAndDisabledRules() {
        LoadResult r = load(EXEC + "---\n" + rule("a", "spawned_process") + "  enabled: false\n---\n# empty\n---\n"
                + rule("b", "spawned_process and proc.name = sh"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(LoadedRule::name).containsExactly("a", "b");
        assertThat(r.enabledRuleCount()).isEqualTo(1);
        assertThat(r.rules()).allSatisfy(rule -> assertThat(OfficialRulesetTest.containsMacroRef(rule.condition()))
                .isFalse());
    }

    @Test
    void skipIfUnknownFilterDropsTheRuleWithAWarning() {
        LoadResult r = load(EXEC + rule("r", "spawned_process").replace("o %proc.name", "o %proc.nosuch")
                + "  skip-if-unknown-filter: true\n" + rule("s", "spawned_process"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(LoadedRule::name).containsExactly("s");
        assertThat(r.warnings()).extracting(Diagnostic::code).contains(DiagnosticCode.LOAD_UNKNOWN_FILTER);
    }

    @Test
    void aBrokenMacroDoesNotCascadeIntoUndefinedMacroErrors() {
        LoadResult r = load("- macro: m\n  condition:\n" + rule("a", "m and evt.type = open"));
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("is empty"));
    }
}
