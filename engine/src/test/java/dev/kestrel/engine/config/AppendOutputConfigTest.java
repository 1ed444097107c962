package dev.kestrel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code append_output} formats are compiled against the field catalogue when the config is read, so
 * an unknown field is reported at the config value (where the user wrote it), not later at every
 * rule of the ruleset the text is appended to.
 */
class AppendOutputConfigTest {

    @TempDir
    Path dir;

    private KestrelConfig read(String yaml) throws Exception {
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, yaml);
        return KestrelConfig.read(file, Map.of());
    }

    @Test
    void anUnknownFieldInExtraOutputIsReportedAtItsColumnInTheConfig() throws Exception {
        KestrelConfig c = read("""
                append_output:
                  - match: {source: syscall}
                    extra_output: "pod=%nope.field"
                """);
        assertThat(c.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(dir.resolve("kestrel.yaml").toString());
            assertThat(d.line() + ":" + d.column()).as(d.format()).isEqualTo("3:24");
            assertThat(d.message()).contains("append_output[0].extra_output", "unknown field", "nope.field");
        });
    }

    @Test
    void anUnknownFieldInExtraFieldsIsReportedAtThatItem() throws Exception {
        KestrelConfig c = read("""
                append_output:
                  - extra_fields:
                      - proc.name
                      - nope.raw
                      - {pod: "%k8s.pod.nam"}
                """);
        assertThat(c.errors()).extracting(d -> d.line() + ":" + d.column()).containsExactly("4:9", "5:16");
        assertThat(c.errors().get(0).message()).contains("append_output[0].extra_fields", "nope.raw");
        assertThat(c.errors().get(1).message()).contains("append_output[0].extra_fields", "k8s.pod.nam");
    }

    @Test
    void aPlainAppendOutputStringIsCheckedToo() throws Exception {
        KestrelConfig c = read("append_output: 'user=%user.nam3'\n");
        assertThat(c.errors()).singleElement().satisfies(d -> {
            assertThat(d.line() + ":" + d.column()).as(d.format()).isEqualTo("1:22");
            assertThat(d.message()).contains("'append_output'", "user.nam3");
        });
    }

    @Test
    void knownFieldsAndTextAreAccepted() throws Exception {
        KestrelConfig c = read("""
                append_output:
                  - extra_output: "pod=%k8s.pod.name cmd=%proc.cmdline [%evt.type]"
                    extra_fields: [k8s.ns.name, {cluster: prod-1}, {who: "%user.name"}]
                """);
        assertThat(c.errors()).extracting(Diagnostic::format).isEmpty();
    }
}
