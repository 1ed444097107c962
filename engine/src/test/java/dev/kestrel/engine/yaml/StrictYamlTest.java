package dev.kestrel.engine.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict YAML reading any Kestrel reader (config, response rules, rule tests) gets. */
class StrictYamlTest {

    @Test
    void aNestedDuplicateKeyIsReportedAtTheSecondKey() {
        String text = """
                outputs:
                  http:
                    url: http://127.0.0.1:2801
                    timeout: 5s
                    url: http://127.0.0.1:9999
                """;
        assertThatThrownBy(() -> StrictYaml.load("kestrel.yaml", text, StrictYaml.Bounds.DEFAULTS))
                .isInstanceOf(YamlProblemException.class)
                .hasMessage("kestrel.yaml:5:5: the key 'url' is given twice in the same mapping (first at line 3);"
                        + " remove one of them");
    }

    @Test
    void cleanYamlLoadsAsPlainValues() {
        Object v = StrictYaml.load("c.yaml", "a: 1\nb: [x, y]\n", StrictYaml.Bounds.DEFAULTS);
        assertThat(v).isEqualTo(Map.of("a", 1, "b", List.of("x", "y")));
    }

    @Test
    void billionLaughsIsRefusedByTheExpandedSize() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 8; i++) {
                b.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            b.append("]\n");
            prev = c;
        }
        assertThatThrownBy(() -> StrictYaml.load("lol.yaml", b.toString(), new StrictYaml.Bounds(1 << 20, 64, 100)))
                .isInstanceOf(YamlProblemException.class).hasMessageContaining("once its aliases are expanded");
    }

    @Test
    void nestingDeeperThanTheBoundIsReportedWhereItIsCrossed() {
        String text = "a:\n  b:\n    c:\n      d: 1\n";
        assertThatThrownBy(() -> StrictYaml.load("deep.yaml", text, new StrictYaml.Bounds(1 << 20, 3, 100)))
                .isInstanceOf(YamlProblemException.class)
                .hasMessage("deep.yaml:4:7: the YAML is nested deeper than 3 levels here");
    }

    @Test
    void specialFilesAreRefusedByTypeAndLargeOnesBySize(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BoundedTextFile.read(Path.of("/dev/zero"), 1024, "configuration file", "maxConfigBytes"))
                .hasMessage("it is a character device, not a configuration file");
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "x".repeat(2000));
        assertThatThrownBy(() -> BoundedTextFile.read(f, 1024, "configuration file", "maxConfigBytes"))
                .hasMessage("it has 2000 bytes, more than the 1024 allowed (the limit maxConfigBytes)");
        Files.write(f, new byte[] {'a', (byte) 0xff, 'b'});
        assertThatThrownBy(() -> BoundedTextFile.read(f, 1024, "configuration file", "maxConfigBytes"))
                .hasMessage("it is not valid UTF-8 text");
        Files.writeString(f, "ok: true\n");
        assertThat(BoundedTextFile.read(f, 1024, "configuration file", "maxConfigBytes")).isEqualTo("ok: true\n");
    }
}
