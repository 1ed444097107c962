package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over the real loader, compiler and field classes. */
class KestrelRulesTest {

    private static final String EXTRA = """
            - rule: Curl in container
              desc: curl ran in a container
              condition: spawned_process and container and proc.name = curl
              output: curl ran (cmdline=%proc.cmdline)
              priority: notice
            """;

    @Test
    void theDefaultRulesetLoadsWithoutErrors() {
        try (Kestrel k = Kestrel.builder().defaultRules().build()) {
            assertThat(k.enabledRules()).isEqualTo(9);
        }
    }

    @Test
    void reloadingUnchangedFilesCostsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("extra.yaml");
        Files.writeString(file, EXTRA);
        try (Kestrel k = Kestrel.builder().defaultRules().rules(file).build()) {
            Object compiled = k.compiledRuleset(EventForm.SYSCALL);
            ReloadResult same = k.reload();
            assertThat(same.applied()).isTrue();
            assertThat(same.unchanged()).isTrue();
            assertThat(k.compiledRuleset(EventForm.SYSCALL)).isSameAs(compiled);

            Files.writeString(file, EXTRA.replace("curl", "wget"));
            ReloadResult changed = k.reload();
            assertThat(changed.applied()).isTrue();
            assertThat(k.compiledRuleset(EventForm.SYSCALL)).isNotSameAs(compiled);
            assertThat(k.enabledRules()).isEqualTo(10);

            Files.writeString(file, "- rule: broken\n  condition: proc.nme = x\n");
            ReloadResult broken = k.reload();
            assertThat(broken.applied()).isFalse();
            assertThat(broken.errors()).isNotEmpty().allSatisfy(d -> assertThat(d.file()).endsWith("extra.yaml"));
            assertThat(k.enabledRules()).isEqualTo(10);
        }
    }

    @Test
    void aBrokenRulesFileStopsTheBuildWithDiagnostics() {
        assertThatThrownBy(() -> Kestrel.builder()
                .rulesText("mine.yaml", "- rule: r\n  desc: d\n  condition: proc.nme = bash\n  output: x\n  priority: warning\n")
                .build())
                .isInstanceOf(RulesLoadException.class)
                .hasMessageContaining("mine.yaml:3:")
                .hasMessageContaining("proc.nme");
    }

    @Test
    void errorsComeInReadingOrderWhateverPhaseFoundThem() {
        // An unknown field (found when conditions are checked) on line 3 and a missing output (found
        // when items are read, reported at the rule's item on line 6): the exception lists them by line,
        // as validate prints them, although the later one was found first.
        String yaml = "- rule: a\n  desc: d\n  condition: proc.nme = bash\n  output: x\n  priority: warning\n"
                + "- rule: b\n  desc: d\n  condition: proc.name = sh\n  priority: warning\n";
        Throwable t = Assertions.catchThrowable(() -> Kestrel.builder().rulesText("mine.yaml", yaml).build());
        assertThat(t).isInstanceOf(RulesLoadException.class);
        List<Diagnostic> errors = ((RulesLoadException) t).errors();
        assertThat(errors).extracting(d -> d.file() + ":" + d.line() + ":" + d.column() + " " + d.code().name())
                .containsExactly("mine.yaml:3:14 LOAD_ERR_COMPILE_CONDITION", "mine.yaml:6:3 LOAD_ERR_YAML_VALIDATE");
    }

    @Test
    void readingOrderGroupsByFileInTheOrderFilesFirstAppear() {
        var code = DiagnosticCode.LOAD_ERR_COMPILE_CONDITION;
        var b9 = Diagnostic.of(code, "m", "b.yaml", 9, 1);
        var a2 = Diagnostic.of(code, "m", "a.yaml", 2, 5);
        var b1 = Diagnostic.of(code, "m", "b.yaml", 1, 1);
        var a1 = Diagnostic.of(code, "m", "a.yaml", 1, 3);
        assertThat(Diagnostic.inReadingOrder(List.of(b9, a2, b1, a1)))
                .containsExactly(b1, b9, a1, a2);
    }
}
