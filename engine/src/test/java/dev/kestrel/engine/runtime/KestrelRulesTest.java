package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
