package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.fields.FieldValueBinder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A problem only the compiler finds (here: a binder that cannot read {@code proc.cwd}) is reported at
 * the check's own line and column in the rules file, and at the macro's name when the check comes from
 * a macro, not at the rule's first line.
 */
class CompileProblemPlaceTest {

    private static final String RULES = """
            - macro: in_cwd
              condition: proc.cwd = /tmp
            - rule: direct
              desc: d
              condition: >
                evt.type = open and
                proc.cwd = /root
              output: o
              priority: WARNING
            - rule: through_macro
              desc: d
              condition: evt.type = open and in_cwd
              output: o
              priority: WARNING
            """;

    @Test
    void aCompileProblemIsReportedWhereTheConditionSaysIt() {
        FieldCatalogue catalogue = FieldCatalogue.load(getClass().getClassLoader());
        LoadResult loaded = new RulesLoader(catalogue).load(List.of(new RulesSource("rules.yaml", RULES)));
        assertThat(loaded.errors()).isEmpty();
        FieldValueBinder values = new FieldValueBinder(catalogue);
        FieldBinder refusesCwd = ref -> {
            if (ref.descriptor().name().equals("proc.cwd")) {
                throw new FieldBindException("proc.cwd cannot be read by this sensor");
            }
            return values.bind(ref);
        };
        assertThatThrownBy(() -> new RuleCompiler(catalogue, refusesCwd).compile(loaded.rules()))
                .isInstanceOfSatisfying(RuleCompileException.class, e -> {
                    List<Diagnostic> d = e.diagnostics();
                    assertThat(d).hasSize(2);
                    assertThat(d.get(0).code()).isEqualTo(DiagnosticCode.LOAD_ERR_COMPILE_CONDITION);
                    assertThat(d.get(0).message()).contains("Rule 'direct'", "proc.cwd cannot be read");
                    assertThat(List.of(d.get(0).file(), d.get(0).line(), d.get(0).column()))
                            .containsExactly("rules.yaml", 7, 5);
                    assertThat(d.get(1).message()).contains("Rule 'through_macro'");
                    assertThat(List.of(d.get(1).line(), d.get(1).column())).containsExactly(12, 34);
                });
    }
}
