package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void replaysTheBundledScenariosThroughTheDefaultAndUserRules() {
        CliRunner r = CliRunner.run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("== 01-sensitive-file-read", "== 08-buildkit-drop-execute",
                "Warning Sensitive file opened for reading", "Error Package manager run in a container",
                "Notice Interactive shell started in a container", "Critical Java process spawned a shell",
                "Error File below a binary directory opened for writing",
                "Notice Outbound connection from a container to an unexpected destination",
                "Critical Program not part of the container image executed (program=/tmp/xmrig")
                .doesNotContain("program=/check");
        assertThat(r.out()).containsSubsequence("== 04-shell-without-tty", "(no alert)", "== 05-java-spawns-shell");
        assertThat(r.err()).contains("Summary of 8 scenarios", "Alerts: 7 (Critical 2, Error 2, Warning 1, Notice 2)");
    }

    @Test
    void findsTheCheckoutFromTheCodeLocation() {
        Path root = DemoCommand.findRoot();
        assertThat(root.resolve("src/scenarios")).isDirectory();
    }

    @Test
    void theReadmeShowsWhatTheDemoPrints() throws Exception {
        Path readme = SharedFiles.root().resolve("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("```", text.indexOf("What the demo prints, abridged:")) + 3;
        List<String> shown = text.substring(start, text.indexOf("```", start)).lines()
                .filter(l -> !l.isBlank() && !l.equals("...")).toList();
        assertThat(shown).hasSizeGreaterThan(4);
        CliRunner r = CliRunner.run();
        // The README's lines appear in the demo's output (stdout, then the summary on stderr), in order.
        assertThat((r.out() + r.err()).lines().toList()).containsSubsequence(shown);
    }
}
