package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mistakes on the command line give one clear sentence and exit code 2 (usage) or 1 (input), never a stack trace. */
class CommandUsageTest {

    @Test
    void helpListsTheCommands() {
        CliRunner r = CliRunner.run("help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("validate", "parse", "fields", "replay", "eval", "demo", "watch");
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        CliRunner r = CliRunner.run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'").doesNotContain("Exception");
    }

    @Test
    void helpAfterTheDoubleDashBelongsToTheTracedProgram() {
        assertThat(CliRunner.run("replay", "--help").out()).startsWith("usage: kestrel replay");
        // replay takes no program after "--", so it reaches the command and is refused there.
        CliRunner r = CliRunner.run("replay", "--", "--help");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unknown option '--'");
    }

    @Test
    void replayRejectsBadOptions() {
        CliRunner r = CliRunner.run("replay", "--min-priority", "loud");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown priority 'loud'").doesNotContain("Exception");
        assertThat(CliRunner.run("replay", "--frobnicate").err()).contains("unknown option '--frobnicate'");
        assertThat(CliRunner.run("replay", "a.jsonl", "b.jsonl").code()).isEqualTo(2);
    }

    @Test
    void aMissingRulesFileIsAnInputError() {
        CliRunner r = CliRunner.run("replay", "--rules", "/no/such/rules.yaml", "-");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no such rules file: /no/such/rules.yaml").doesNotContain("Exception");
    }

    @Test
    void evalNeedsAConditionAndAnEvent() {
        CliRunner r = CliRunner.run("eval", "proc.name = bash");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("expected a condition and an event");
        assertThat(CliRunner.run("eval", "--batch", "extra").code()).isEqualTo(2);
    }

    @Test
    void demoWithoutScenariosSaysWhereItLooked() {
        CliRunner r = CliRunner.run("demo", "--root", "/no/such/checkout");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot find the bundled scenarios");
    }

    @Test
    void theConditionIsWrappedInALiteralBlock() {
        assertThat(ConditionProbe.wrap("proc.name = \"a: b\"\nand fd.name = '#x'"))
                .contains("  condition: |-\n    proc.name = \"a: b\"\n    and fd.name = '#x'\n");
    }
}
