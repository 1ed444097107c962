package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.sink.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KestrelTest {

    static final String RULES = """
            Shell|warning|shell,container|proc.name=bash|Shell spawned (proc=%proc.name)
            Bash again|notice|shell|proc.name=bash|Bash seen again (proc=%proc.name)
            Sensitive read|error|filesystem|fd.name=/etc/shadow|Sensitive read (file=%fd.name proc=%proc.name)
            !Quiet|critical|noisy|proc.name=bash|Quiet one
            """;

    final FakeParts parts = new FakeParts();
    final CollectingSink sink = new CollectingSink();

    KestrelBuilder builder(String rules) {
        return Kestrel.builder().parts(b -> parts).rulesText("test.yaml", rules).sink(sink)
                .zone(ZoneOffset.UTC).hostname("h1");
    }

    Event event(long tid, Map<String, Object> state) {
        parts.stateByTid.put(tid, state);
        return new Event().reset(EventType.EXECVE, 1_000_000_000L * 3600 + 5, tid, tid, 0);
    }

    List<String> rulesFired(Kestrel k) {
        k.flush(Duration.ofSeconds(10));
        return sink.alerts().stream().map(Alert::rule).toList();
    }

    @Test
    void resettingTheStateReachesThePartsAndKeepsTheRules() {
        try (Kestrel k = builder(RULES).build()) {
            k.resetState();
            k.process(event(1, Map.of("proc.name", "bash")));
            assertThat(parts.resets).hasValue(1);
            assertThat(rulesFired(k)).containsExactly("Shell");
        }
    }

    @Test
    void matchesBecomeFalcoAlertsInTheSinks() {
        try (Kestrel k = builder(RULES).build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            assertThat(rulesFired(k)).containsExactly("Shell");
            Alert a = sink.alerts().get(0);
            assertThat(a.output()).isEqualTo("01:00:00.000000005: Warning Shell spawned (proc=bash)");
            assertThat(a.hostname()).isEqualTo("h1");
            assertThat(a.source()).isEqualTo("syscall");
            assertThat(a.tags()).containsExactly("container", "shell");
            assertThat(a.outputFields()).containsEntry("proc.name", "bash").containsKey("evt.time");
        }
    }

    @Test
    void appendOutputAddsFieldsToEveryOutput() {
        try (Kestrel k = builder(RULES).appendOutput("file=%fd.name").build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            k.flush(Duration.ofSeconds(10));
            assertThat(sink.alerts().get(0).output()).endsWith("Shell spawned (proc=bash) file=<NA>");
            assertThat(sink.alerts().get(0).outputFields()).containsEntry("fd.name", null);
        }
    }

    @Test
    void appendOutputEntriesApplyToTheRulesTheirSelectorsMatch() {
        AppendOutput byTag = new AppendOutput("syscall", Set.of("container"), "", "in_container=%proc.name",
                List.of(AppendOutput.ExtraField.raw("proc.name"), AppendOutput.ExtraField.formatted("cluster", "prod-1"),
                        AppendOutput.ExtraField.formatted("who", "user %proc.name")));
        AppendOutput byRule = new AppendOutput("", Set.of(), "Bash again", "again=yes", List.of());
        AppendOutput otherSource = new AppendOutput("k8s_audit", Set.of(), "", "never", List.of());
        try (Kestrel k = builder(RULES).ruleMatching(RuleMatching.ALL).appendOutput(byTag).appendOutput(byRule)
                .appendOutput(otherSource).build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            k.flush(Duration.ofSeconds(10));
            Alert shell = sink.alerts().get(0);
            Alert again = sink.alerts().get(1);
            assertThat(shell.output()).endsWith("Shell spawned (proc=bash) in_container=bash");
            assertThat(shell.outputFields()).containsEntry("cluster", "prod-1").containsEntry("who", "user bash")
                    .containsEntry("proc.name", "bash");
            assertThat(again.output()).endsWith("Bash seen again (proc=bash) again=yes");
            assertThat(again.outputFields()).doesNotContainKey("cluster");
            assertThat(k.ruleMatches()).extracting(RuleMatches::rule, RuleMatches::priority, RuleMatches::count)
                    .containsExactly(Tuple.tuple("Bash again", Priority.NOTICE, 1L),
                            Tuple.tuple("Shell", Priority.WARNING, 1L));
            assertThat(k.ruleMatches().get(1).tags()).containsExactly("container", "shell");
        }
    }

    @Test
    void ruleMatchingAllReportsEveryMatchInLoadOrder() {
        try (Kestrel k = builder(RULES).ruleMatching(RuleMatching.ALL).build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            assertThat(rulesFired(k)).containsExactly("Shell", "Bash again");
        }
    }

    @Test
    void minimumPriorityDropsLessSevereRules() {
        try (Kestrel k = builder(RULES).ruleMatching(RuleMatching.ALL).minimumPriority(Priority.ERROR).build()) {
            assertThat(k.enabledRules()).isEqualTo(1);
            k.process(event(1, Map.of("proc.name", "bash", "fd.name", "/etc/shadow")));
            assertThat(rulesFired(k)).containsExactly("Sensitive read");
        }
    }

    @Test
    void selectionsByNameWildcardAndTagApplyInOrder() {
        try (Kestrel k = builder(RULES).ruleMatching(RuleMatching.ALL)
                .disableTags("shell").enableRules("Bash*").enableRules("Quiet").build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            assertThat(rulesFired(k)).containsExactly("Bash again", "Quiet");
        }
        assertThat(RuleSelection.enableName("*read").matches("Sensitive read", Set.of())).isTrue();
        assertThat(RuleSelection.enableName("Sensitive").matches("Sensitive read", Set.of())).isFalse();
        assertThat(RuleSelection.enableName("").matches("anything", Set.of())).isTrue();
    }

    @Test
    void brokenRulesFailTheBuildWithDiagnostics() {
        assertThatThrownBy(() -> builder("ERROR").build())
                .isInstanceOf(RulesLoadException.class)
                .hasMessageContaining("test.yaml:1:1: error: LOAD_ERR_YAML_PARSE: broken")
                .satisfies(e -> assertThat(((RulesLoadException) e).errors()).hasSize(1));
    }

    @Test
    void anUnknownOutputFieldIsALoadError() {
        assertThatThrownBy(() -> builder("R|warning||proc.name=x|bad %proc.nme").build())
                .isInstanceOf(RulesLoadException.class)
                .hasMessageContaining("test.yaml:1:1: error: LOAD_ERR_COMPILE_OUTPUT: rule 'R': unknown field in output");
    }

    @Test
    void anUnknownFieldInAnAppendOutputEntryIsOneErrorNamingTheEntryNotOnePerRule() {
        AppendOutput bad = new AppendOutput("", Set.of(), "", "ok=%proc.name",
                List.of(AppendOutput.ExtraField.formatted("who", "u=%user.nme")));
        assertThatThrownBy(() -> builder(RULES).appendOutput("x=%nope.field").appendOutput(bad).build())
                .isInstanceOf(RulesLoadException.class)
                .satisfies(e -> assertThat(((RulesLoadException) e).errors()).extracting(Diagnostic::format).containsExactly(
                        "append_output:1:3: error: LOAD_ERR_COMPILE_OUTPUT: append_output entry 1, extra_output "
                                + "'x=%nope.field': unknown field in output: 'nope.field'",
                        "append_output:2:3: error: LOAD_ERR_COMPILE_OUTPUT: append_output entry 2, extra_fields 'who' "
                                + "'u=%user.nme': unknown field in output: 'user.nme'"));
    }

    @Test
    void anUnreadableRulesFileIsALoadError(@TempDir Path dir) {
        assertThatThrownBy(() -> Kestrel.builder().parts(b -> parts).rules(dir.resolve("missing.yaml")).build())
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("LOAD_ERR_FILE_READ");
    }

    @Test
    void reloadingUnchangedFilesReusesTheCompiledRuleset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, RULES);
        try (Kestrel k = Kestrel.builder().parts(b -> parts).rules(file).sink(sink).build()) {
            Object before = k.compiledRuleset(EventForm.SYSCALL);
            ReloadResult same = k.reload();
            assertThat(same.applied()).isTrue();
            assertThat(same.unchanged()).isTrue();
            assertThat(k.compiledRuleset(EventForm.SYSCALL)).isSameAs(before);
            assertThat(parts.compiles).hasValue(1);

            Files.writeString(file, RULES + "Cat|notice||proc.name=cat|cat\n");
            ReloadResult changed = k.reload();
            assertThat(changed.applied()).isTrue();
            assertThat(changed.unchanged()).isFalse();
            assertThat(k.compiledRuleset(EventForm.SYSCALL)).isNotSameAs(before);
            k.process(event(2, Map.of("proc.name", "cat")));
            assertThat(rulesFired(k)).containsExactly("Cat");

            Files.writeString(file, RULES);
            k.reload();
            assertThat(k.compiledRuleset(EventForm.SYSCALL)).isSameAs(before);
        }
    }

    @Test
    void aFailedReloadKeepsTheOldRules() {
        try (Kestrel k = builder(RULES).build()) {
            ReloadResult r = k.reload(List.of(new RulesSource("new.yaml", "ERROR")));
            assertThat(r.applied()).isFalse();
            assertThat(r.errors()).extracting(d -> d.file()).containsExactly("new.yaml");
            k.process(event(1, Map.of("proc.name", "bash")));
            assertThat(rulesFired(k)).containsExactly("Shell");
        }
    }

    @Test
    void countersTellWhatHappened() {
        try (Kestrel k = builder(RULES).ruleMatching(RuleMatching.ALL).build()) {
            k.process(event(1, Map.of("proc.name", "bash")));
            k.process(event(2, Map.of("fd.name", "/etc/shadow")));
            k.process(event(3, Map.of("proc.name", "ls")));
            k.process(new Event());
            k.countSkipped("malformed line");
            parts.evaluationFailure = new IllegalStateException("boom");
            k.process(event(4, Map.of()));
            k.flush(Duration.ofSeconds(10));
            KestrelCounters c = k.counters();
            assertThat(c.eventsProcessed()).isEqualTo(4);
            assertThat(c.eventsSkipped()).isEqualTo(2);
            assertThat(c.skippedByReason()).containsEntry("event without a type", 1L).containsEntry("malformed line", 1L);
            assertThat(c.alertsByPriority()).containsEntry(Priority.WARNING, 1L).containsEntry(Priority.NOTICE, 1L)
                    .containsEntry(Priority.ERROR, 1L).hasSize(3);
            assertThat(c.alertsByRule()).containsEntry("Shell", 1L).containsEntry("Sensitive read", 1L);
            assertThat(c.alerts()).isEqualTo(3);
            assertThat(c.evaluationErrors()).isEqualTo(1);
            assertThat(c.alertsDropped()).isZero();
        }
    }

    @Test
    void fieldValueEventsCompileLazilyAgainstTheFieldValueBinder() {
        try (Kestrel k = builder(RULES).build()) {
            assertThat(parts.compiledWith).containsExactly(FakeParts.STATE);
            assertThat(k.processFieldValues(Map.of("proc.name", "bash"))).isEqualTo(1);
            assertThat(k.processFieldValues(Map.of("proc.name", "zsh"))).isZero();
            assertThat(parts.compiledWith).containsExactly(FakeParts.STATE, FakeParts.FIELD_VALUES);
        }
        FakeParts other = new FakeParts();
        try (Kestrel k = Kestrel.builder().parts(b -> other).rulesText("t", RULES).events(EventForm.FIELD_VALUES).build()) {
            assertThat(other.compiledWith).containsExactly(FakeParts.FIELD_VALUES);
        }
    }
}
