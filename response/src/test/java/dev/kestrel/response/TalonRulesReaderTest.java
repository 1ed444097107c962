package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.loader.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TalonRulesReaderTest {

    static Map<String, Actionner> builtIns() {
        Map<String, Actionner> m = new LinkedHashMap<>();
        ServiceLoader.load(Actionner.class).forEach(a -> m.put(a.name(), a));
        return m;
    }

    static List<ResponseRule> read(String yaml, List<Diagnostic> diagnostics) {
        return new TalonRulesReader(builtIns(), diagnostics::add).read("r.yaml", yaml);
    }

    @Test
    void builtInActionnersAreFoundThroughServiceLoader() {
        assertThat(builtIns().keySet()).containsExactlyInAnyOrder("kubernetes:terminate", "kubernetes:label",
                "kubernetes:networkpolicy", "kubernetes:log", "http:post", "log");
    }

    @Test
    void theExampleRulesLoadWithoutErrorsOrWarnings() throws Exception {
        Path example = SharedFiles.root().resolve("src/response/response_rules.yaml");
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ResponseRule> rules = read(Files.readString(example), diagnostics);
        assertThat(diagnostics).isEmpty();
        assertThat(rules).extracting(ResponseRule::name).containsExactly("Kill pods running a shell from Java",
                "Quarantine pods that install software", "Isolate pods with unexpected outbound connections",
                "Record critical container alerts");
        assertThat(rules).allMatch(ResponseRule::dryRun);
        ResponseRule kill = rules.get(0);
        assertThat(kill.continueAfter()).isFalse();
        assertThat(kill.actions()).extracting(a -> a.actionner().name()).containsExactly("kubernetes:log", "kubernetes:terminate");
        assertThat(kill.actions().get(1).parameters().asMap()).containsEntry("grace_period_seconds", "0")
                .containsEntry("ignore_daemonsets", "true");
        assertThat(kill.match().priority()).hasToString(">=Critical");
    }

    @Test
    void aRuleActionOverridesTheDefinitionsParametersAndMergesMapsAndLists() {
        List<Diagnostic> d = new ArrayList<>();
        List<ResponseRule> rules = read("""
                - action: Label
                  actionner: kubernetes:label
                  parameters:
                    labels: {quarantine: "true", team: sec}
                - action: Isolate
                  actionner: kubernetes:networkpolicy
                  parameters: {allow_cidr: [10.0.0.0/8]}
                - rule: R
                  actions:
                    - action: Label
                      parameters:
                        labels: {team: response}
                    - action: Isolate
                      parameters: {allow_cidr: [192.168.1.0/24]}
                      continue: false
                      ignore_errors: true
                """, d);
        assertThat(d).isEmpty();
        RuleAction label = rules.get(0).actions().get(0);
        assertThat(label.parameters().stringMap("labels")).containsExactly(Map.entry("quarantine", "true"),
                Map.entry("team", "response"));
        RuleAction isolate = rules.get(0).actions().get(1);
        assertThat(isolate.parameters().strings("allow_cidr")).containsExactly("10.0.0.0/8", "192.168.1.0/24");
        assertThat(isolate.continues()).isFalse();
        assertThat(isolate.ignoreErrors()).isTrue();
        assertThat(label.continues()).isTrue();
    }

    @Test
    void anActionCanNameItsActionnerInlineAndTerminateStopsTheRuleByDefault() {
        List<Diagnostic> d = new ArrayList<>();
        List<ResponseRule> rules = read("""
                - rule: R
                  match: {rules: [A]}
                  actions:
                    - action: Kill
                      actionner: kubernetes:terminate
                """, d);
        assertThat(d).isEmpty();
        assertThat(rules.get(0).actions().get(0).continues()).isFalse();
        assertThat(rules.get(0).continueAfter()).isTrue();
        assertThat(rules.get(0).dryRun()).isFalse();
    }

    @Test
    void sameNamedRulesAndActionsExtendTheEarlierOnes() {
        List<Diagnostic> d = new ArrayList<>();
        List<ResponseRule> rules = read("""
                - action: Post
                  actionner: http:post
                  parameters: {url: "http://127.0.0.1:1/a"}
                - action: Post
                  parameters: {headers: {X-Team: sec}}
                - rule: R
                  match: {rules: [A], priority: Warning}
                  actions: [{action: Post}]
                - rule: R
                  match: {rules: [B], priority: ">=Error"}
                  dry_run: true
                  actions: [{action: Post}]
                """, d);
        assertThat(d).isEmpty();
        assertThat(rules).hasSize(1);
        ResponseRule r = rules.get(0);
        assertThat(r.match().rules()).containsExactly("A", "B");
        assertThat(r.match().priority()).hasToString(">=Error");
        assertThat(r.dryRun()).isTrue();
        assertThat(r.actions()).hasSize(2);
        assertThat(r.actions().get(0).parameters().stringMap("headers")).containsEntry("X-Team", "sec");
        assertThat(r.actions().get(0).parameters().string("url", null)).isEqualTo("http://127.0.0.1:1/a");
    }

    @Test
    void matchingFollowsTalonExceptForTags() {
        List<Diagnostic> d = new ArrayList<>();
        ResponseRule r = read("""
                - rule: R
                  match:
                    rules: [Shell, Other]
                    priority: ">=critical"
                    source: syscall
                    tags: ["container, shell"]
                    output_fields:
                      - k8s.ns.name!=kube-system, k8s.ns.name="blog"
                      - proc.pid=42
                  actions: [{action: L, actionner: log}]
                """, d).get(0);
        assertThat(d).isEmpty();
        Alert hit = TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "p");
        assertThat(r.matches(hit)).isTrue();
        assertThat(r.matches(TestAlerts.podAlert("Shell", Priority.ERROR, "blog", "p"))).isFalse();
        assertThat(r.matches(TestAlerts.podAlert("Shell", Priority.EMERGENCY, "blog", "p"))).isTrue();
        assertThat(r.matches(TestAlerts.podAlert("Nope", Priority.CRITICAL, "blog", "p"))).isFalse();
        assertThat(r.matches(TestAlerts.podAlert("Shell", Priority.CRITICAL, "kube-system", "p"))).isFalse();
        // the second output_fields group: proc.pid as a number compares as its decimal text
        assertThat(r.matches(TestAlerts.alert("Shell", Priority.CRITICAL, List.of("shell", "container"),
                Map.of("proc.pid", 42L)))).isTrue();
        // tags: 'container, shell' needs both
        assertThat(r.matches(TestAlerts.alert("Shell", Priority.CRITICAL, List.of("container"),
                Map.of("k8s.ns.name", "blog")))).isFalse();
    }

    @Test
    void severalTagEntriesMustAllHoldAndTheReaderWarnsThatTalonDiffers() {
        List<Diagnostic> d = new ArrayList<>();
        ResponseRule r = read("""
                - rule: R
                  match:
                    tags: ["container, shell", k8s]
                  actions: [{action: L, actionner: log}]
                """, d).get(0);
        assertThat(d).extracting(Diagnostic::format).containsExactly("r.yaml:3:11: warning: LOAD_COMPILE_CONDITION: rule 'R'"
                + " lists 2 entries in match.tags (container, shell | k8s): Falco Talon takes entries as alternatives (any one"
                + " entry with all its tags matches), Kestrel requires all of them (container, shell, k8s); write one entry"
                + " \"container, shell, k8s\" to say so, or one rule per entry for Talon's meaning");
        // Talon would match each of the first two; Kestrel needs all three tags
        assertThat(r.matches(TestAlerts.alert("S", Priority.CRITICAL, List.of("container", "shell"), Map.of()))).isFalse();
        assertThat(r.matches(TestAlerts.alert("S", Priority.CRITICAL, List.of("k8s"), Map.of()))).isFalse();
        assertThat(r.matches(TestAlerts.alert("S", Priority.CRITICAL, List.of("k8s", "shell", "container", "x"), Map.of())))
                .isTrue();
    }

    @Test
    void aRuleExtendedWithMoreTagsIsWarnedAboutAtTheLaterEntry() {
        List<Diagnostic> d = new ArrayList<>();
        ResponseRule r = read("""
                - rule: R
                  match: {tags: [container]}
                  actions: [{action: L, actionner: log}]
                - rule: R
                  match:
                    tags: [shell]
                """, d).get(0);
        assertThat(d).extracting(Diagnostic::format).singleElement().asString()
                .startsWith("r.yaml:6:11: warning: LOAD_COMPILE_CONDITION: rule 'R' lists 2 entries in match.tags (container | shell)");
        assertThat(r.matches(TestAlerts.alert("S", Priority.CRITICAL, List.of("container"), Map.of()))).isFalse();
        assertThat(r.matches(TestAlerts.alert("S", Priority.CRITICAL, List.of("container", "shell"), Map.of()))).isTrue();
    }

    @Test
    void oneTagEntryLoadsWithoutWarning() {
        List<Diagnostic> d = new ArrayList<>();
        read("- rule: R\n  match: {tags: [\"container, shell\"]}\n  actions: [{action: L, actionner: log}]\n", d);
        assertThat(d).isEmpty();
    }

    @Test
    void unknownKeysAndUnsupportedSettingsAreWarningsWithPositions() {
        List<Diagnostic> d = new ArrayList<>();
        List<ResponseRule> rules = read("""
                - action: L
                  actionner: log
                  output: {target: aws:s3}
                - rule: R
                  notifiers: [slack]
                  colour: blue
                  actions: [{action: L, parameters: {verbose: true}}]
                """, d);
        assertThat(rules).hasSize(1);
        assertThat(d).extracting(Diagnostic::format).containsExactly(
                "r.yaml:3:3: warning: LOAD_UNKNOWN_KEY: 'output' in an action is not supported by Kestrel and is ignored",
                "r.yaml:5:3: warning: LOAD_UNKNOWN_KEY: 'notifiers' in a rule is not supported by Kestrel and is ignored",
                "r.yaml:6:3: warning: LOAD_UNKNOWN_KEY: unknown key 'colour' in a rule; it is ignored",
                "r.yaml:7:38: warning: LOAD_UNKNOWN_KEY: parameter 'verbose' means nothing to log; it is ignored");
    }

    @Test
    void theBuilderReportsErrorsAsAnException() {
        assertThatThrownBy(() -> Responder.builder().rulesText("bad.yaml", "- rule: R\n  actions: [{action: Nope}]\n").build())
                .isInstanceOf(ResponseRulesException.class)
                .hasMessageContaining("bad.yaml:2:22: error: LOAD_ERR_VALIDATE: action 'Nope' of rule 'R' is not defined");
    }
}
