package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A diagnostic prints as one line whatever names the file chose: no forged lines, no terminal sequences. */
class DiagnosticFormatTest {

    @Test
    void controlCharactersInANameAreEscapedSoTheyCannotForgeALine() {
        String name = "evil\u001b[31mRED\nfake.yaml:1:1: error: INJECTED LINE\u0000\t\r\u0085";
        Diagnostic d = Diagnostic.of(DiagnosticCode.LOAD_ERR_VALIDATE, "rule '" + name + "' is wrong", "r\n.yaml", 3, 5);

        String line = d.format();

        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0000")
                .doesNotContain("\u0085")
                .isEqualTo("r\\n.yaml:3:5: error: LOAD_ERR_VALIDATE: rule 'evil\\x1b[31mRED\\nfake.yaml:1:1: error: INJECTED LINE"
                        + "\\x00\\t\\r\\x85' is wrong");
    }

    @Test
    void aMessageQuotingAHugeNameIsCutSayingHowMuch() {
        String message = "macro '" + "m".repeat(1_000_000) + "' is wrong";
        String line = Diagnostic.of(DiagnosticCode.LOAD_ERR_VALIDATE, message, "r.yaml", 1, 1).format();

        assertThat(line).hasSizeLessThan(Diagnostic.MAX_FORMATTED_MESSAGE_CHARS + 200)
                .endsWith("... (" + (message.length() - Diagnostic.MAX_FORMATTED_MESSAGE_CHARS) + " more characters)");
        assertThat(Diagnostic.of(DiagnosticCode.LOAD_ERR_VALIDATE, "short", "r.yaml", 1, 1).format())
                .isEqualTo("r.yaml:1:1: error: LOAD_ERR_VALIDATE: short");
    }
}
