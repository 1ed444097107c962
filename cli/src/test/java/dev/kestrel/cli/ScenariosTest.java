package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.cli.Scenario;
import dev.kestrel.cli.ScenarioRunner;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.sink.CollectingSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every scenario of {@code src/scenarios/} through the rules of each of its runs (Kestrel's
 * default ruleset, the user's rules, Falco's official ruleset) and checks the alerts exactly: the
 * same rules, in the same order, with the same priorities, nothing more.
 */
class ScenariosTest {

    private static final Path ROOT = SharedFiles.root();
    private static final Path SHARED = SharedFiles.shared();

    /** Keeps every alert it receives. */
    private static List<Scenario> scenarios() throws Exception {
        return Scenario.discover(ROOT.resolve("src/scenarios"));
    }

    @Test
    void theDeploymentsScenariosAreAllThere() throws Exception {
        assertThat(scenarios()).extracting(Scenario::name).contains(
                "01-sensitive-file-read", "02-package-manager", "03-terminal-shell", "04-shell-without-tty",
                "05-java-spawns-shell", "06-write-binary-dir", "07-netcat-reverse-shell", "08-buildkit-drop-execute");
        for (Scenario s : scenarios()) {
            assertThat(s.demoRun()).as("%s has a run with the default rules", s.name()).isNotNull();
            assertThat(s.runs()).as("%s also runs against the official rules", s.name())
                    .anySatisfy(r -> assertThat(r.rules()).contains(ScenarioRunner.FALCO));
        }
    }

    @TestFactory
    Stream<DynamicTest> eachScenarioRaisesExactlyTheExpectedAlerts() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(ROOT, SHARED);
        for (Scenario s : scenarios()) {
            for (Scenario.Run run : s.runs()) {
                tests.add(DynamicTest.dynamicTest(s.name() + " with " + String.join("+", run.rules()), () -> {
                    if (run.rules().contains(ScenarioRunner.FALCO)) {
                        SharedFiles.falcoRules();
                    }
                    CollectingSink sink = new CollectingSink();
                    ScenarioRunner.Outcome o = runner.run(s, run.rules(), List.of(sink));
                    assertThat(o.counters().eventsSkipped()).as("skipped lines: %s", o.skippedLines()).isZero();
                    assertThat(o.counters().evaluationErrors()).isZero();
                    assertThat(sink.alerts()).extracting(Alert::rule)
                            .containsExactlyElementsOf(run.alerts().stream().map(Scenario.ExpectedAlert::rule).toList());
                    for (int i = 0; i < run.alerts().size(); i++) {
                        Scenario.ExpectedAlert want = run.alerts().get(i);
                        Alert got = sink.alerts().get(i);
                        assertThat(got.priority()).as("priority of %s", want.rule()).isEqualTo(want.priority());
                        assertThat(got.output()).as("output of %s", want.rule()).contains(want.outputContains());
                        assertThat(got.source()).isEqualTo("syscall");
                    }
                }));
            }
        }
        return tests.stream();
    }
}
