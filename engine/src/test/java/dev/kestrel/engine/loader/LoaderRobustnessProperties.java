package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.field.FieldCatalogue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a rules file contains, loading it gives a result with diagnostics, never an exception. */
class LoaderRobustnessProperties {

    private static final String VALID = """
            - required_engine_version: 0.57.0
            - list: shells
              items: [bash, sh, "my shell"]
            - macro: spawned_process
              condition: evt.type in (execve, execveat)
            - macro: shell
              condition: spawned_process and proc.name in (shells)
            - rule: Shell spawned
              desc: a shell ran
              condition: >
                shell and not proc.pname in (shells, sshd)
                and fd.lport != 22
              output: "shell %proc.name by %user.name (%container.id)"
              priority: WARNING
              tags: [shell, T1059]
              exceptions:
                - name: known
                  fields: [proc.name, proc.cmdline]
                  comps: [=, startswith]
                  values:
                    - [bash, "bash -c"]
            - rule: Shell spawned
              condition: and user.name != root
              override:
                condition: append
            """;

    private static final FieldCatalogue CATALOGUE = FieldCatalogue.load(RulesLoader.class.getClassLoader());

    /**
     * The loader catches whatever goes wrong inside it (as an "internal error" diagnostic), so the law
     * is about what it reports: no internal error, and every diagnostic points at a place that exists
     * in the file it names.
     */
    @Property(tries = 300)
    void mutatedRulesFilesNeverThrow(@ForAll("mutations") String content) {
        LoadResult result = new RulesLoader(CATALOGUE).load(List.of(new RulesSource("fuzz.yaml", content)));
        List<String> lines = content.lines().toList();
        List<Diagnostic> all = new ArrayList<>(result.errors());
        all.addAll(result.warnings());
        for (Diagnostic d : all) {
            assertThat(d.file()).as(d.format()).isEqualTo("fuzz.yaml");
            assertThat(d.message()).as(d.format()).isNotBlank().doesNotContain("internal error");
            assertThat(d.line()).as(d.format()).isBetween(1, lines.size() + 1);
            String line = d.line() <= lines.size() ? lines.get(d.line() - 1) : "";
            assertThat(d.column()).as("%s\n%s", d.format(), line).isBetween(1, line.length() + 1);
        }
        net.jqwik.api.statistics.Statistics.label("outcome").collect(result.errors().isEmpty() ? "loads" : "errors");
        net.jqwik.api.statistics.Statistics.label("outcome").coverage(c -> {
            c.check("loads").count(n -> n > 0);
            c.check("errors").count(n -> n > 0);
        });
    }

    @net.jqwik.api.Example
    void theUnmutatedFileLoadsCleanly() {
        LoadResult result = new RulesLoader(CATALOGUE).load(List.of(new RulesSource("valid.yaml", VALID)));
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).hasSize(1);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length());
        Arbitrary<String> insert = Arbitraries.oneOf(
                Arbitraries.of("(", ")", "\"", "'", ":", "- ", "\n", "  ", "\t", "[", "]", "{", "}", "&a ", "*a",
                        ",", "%", "%proc.", " and ", " or not ", "evt.type=", "shells", "spawned_process",
                        "append: true", "override: {condition: replace}", "\n- ", "~", "!!str ", "---\n"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 8);
        return Combinators.combine(position, insert, cut, Arbitraries.integers().between(1, 4))
                .as((p, text, n, times) -> {
                    StringBuilder s = new StringBuilder(VALID);
                    int at = Math.min(p, s.length());
                    for (int i = 0; i < times; i++) {
                        s.insert(Math.min(at + i * 7, s.length()), text);
                    }
                    int end = Math.min(at + n, s.length());
                    return s.delete(at, end).toString();
                });
    }
}
