package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnakeYAML takes time quadratic in a token's length: a run of over 1 MiB without a space is refused at its start. */
class YamlLongRunTest {

    private static final YamlLimits LIMITS = new YamlLimits(16 << 20, 64, 100);

    private static List<Diagnostic> compose(String text) {
        List<Diagnostic> errors = new ArrayList<>();
        YamlDocuments.compose(new YamlSource("r.yaml", text), text, LIMITS, DiagnosticCode.LOAD_ERR_YAML_PARSE, errors::add);
        return errors;
    }

    @Test
    void aWordLongerThanTheLimitIsRefusedWhereItStarts() {
        String text = "- rule: r\n  desc: \"" + "d".repeat(YamlDocuments.MAX_RUN_CHARS + 1) + "\"\n";

        List<Diagnostic> errors = compose(text);

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isEqualTo(9);
            assertThat(d.message()).contains("more than " + YamlDocuments.MAX_RUN_CHARS + " characters without a space");
        });
    }

    @Test
    void aLongValueWithSpacesAndAWordAtTheLimitAreRead() {
        String words = "word ".repeat(300_000);
        String text = "- rule: r\n  desc: \"" + words + "\"\n- list: l\n  items: [" + "x".repeat(YamlDocuments.MAX_RUN_CHARS - 2) + "]\n";

        assertThat(compose(text)).isEmpty();
    }
}
