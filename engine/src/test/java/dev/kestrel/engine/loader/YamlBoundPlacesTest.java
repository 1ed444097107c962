package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The YAML bounds SnakeYAML enforces without a place (nesting depth, aliases of collections) and the
 * alias expansion bound are reported where the file crosses them, in a sentence: never at 1:1.
 */
class YamlBoundPlacesTest {

    private static final YamlLimits LIMITS = new YamlLimits(1 << 20, 64, 100);

    private static Diagnostic onlyError(String name, String yaml) {
        List<Diagnostic> errors = new ArrayList<>();
        assertThat(YamlDocuments.compose(new YamlSource(name, yaml), yaml, LIMITS, DiagnosticCode.LOAD_ERR_YAML_PARSE,
                errors::add)).isNull();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void nestingDeeperThanTheLimitIsReportedAtTheNodeThatCrossesIt() {
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level < 100; level++) {
            yaml.append("  ".repeat(level)).append("a:\n");
        }

        Diagnostic d = onlyError("deep.yaml", yaml.toString());

        assertThat(List.of(d.file(), d.line(), d.column())).containsExactly("deep.yaml", 65, 129);
        assertThat(d.message()).isEqualTo("the YAML is nested deeper than 64 levels here");
    }

    @Test
    void oneAliasTooManyIsReportedAtThatAlias() {
        String yaml = "- list: a\n  items: &x [1, 2]\n- list: b\n  items: [" + "*x, ".repeat(100) + "*x]\n";

        Diagnostic d = onlyError("aliases.yaml", yaml);

        assertThat(List.of(d.line(), d.column())).containsExactly(4, 11 + 4 * 100);
        assertThat(d.message()).isEqualTo("this alias is one too many: a file may use at most 100 aliases of lists"
                + " or mappings (a bound against alias bombs)");
    }

    @Test
    void anAliasBombIsReportedAtTheAliasWhoseExpansionCrossesTheLimit() {
        StringBuilder yaml = new StringBuilder("x0: &a0 [\"" + "l".repeat(100) + "\"]\n");
        for (int i = 1; i < 6; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }

        Diagnostic d = onlyError("laughs.yaml", yaml.toString());

        // x0 to x3 come to about 114,000 characters and each *a3 to about 102,000: the tenth *a3 of x4
        // (line 5, column 10 + 9 * 5) takes the file past 1 Mi.
        assertThat(List.of(d.line(), d.column())).containsExactly(5, 55);
        assertThat(d.message()).isEqualTo("with this alias the YAML grows beyond 1048576 characters once its aliases"
                + " are expanded, more than a file may have");
    }

    @Test
    void anAliasOfItsOwnCollectionIsAnEndlessExpansionReportedAtTheAlias() {
        Diagnostic d = onlyError("loop.yaml", "a: &a [1, *a]\n");

        assertThat(List.of(d.line(), d.column())).containsExactly(1, 11);
        assertThat(d.message()).contains("grows beyond 1048576 characters once its aliases are expanded");
    }
}
