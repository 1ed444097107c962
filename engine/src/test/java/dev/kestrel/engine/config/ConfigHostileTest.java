package dev.kestrel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config reader refuses devices by type (as docs/limits.md says of rules files), says what a
 * rules file that is not a regular file is, and keeps reporting duplicate keys at the second key.
 */
class ConfigHostileTest {

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        KestrelConfig c = KestrelConfig.read(Path.of("/dev/zero"), Map.of());
        assertThat(c.errors()).hasSize(1);
        assertThat(c.errors().get(0).message()).contains("a character device, not a config file");
    }

    @Test
    void aRulesFileThatIsADeviceIsSaidToBeOneNotToBeMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, "rules_files: [/dev/zero, missing.yaml]\n");
        KestrelConfig c = KestrelConfig.read(file, Map.of());
        assertThat(c.errors()).extracting(Diagnostic::message).containsExactly(
                "the rules file /dev/zero is a character device, not a rules file",
                "the rules file " + dir.resolve("missing.yaml") + " does not exist (paths are relative to the config file)");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorAtTheSecondKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, "priority: debug\njson_output: true\npriority: warning\n");
        KestrelConfig c = KestrelConfig.read(file, Map.of());
        assertThat(c.errors()).hasSize(1);
        Diagnostic d = c.errors().get(0);
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(1);
        assertThat(d.message()).contains("'priority' appears twice");
    }
}
