package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.sensor.strace.StracePreflight;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseOptionTest {

    private static final Path ROOT = SharedFiles.root();

    @Test
    void replayPrintsTheActionsTheExampleResponseRulesWouldTakeForTheBlogSystem() {
        CliRunner r = CliRunner.run("replay", "--rules", SharedFiles.falcoRules().toString(),
                "--rules", ROOT.resolve("src/rules/user_rules.yaml").toString(),
                "--response", ROOT.resolve("src/response/response_rules.yaml").toString(),
                ROOT.resolve("src/scenarios/blog-system/events.jsonl").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(
                "action dry_run rule='Kill pods running a shell from Java' action='Terminate Pod' actionner=kubernetes:terminate"
                        + " target=pod blog-system/was-6d5f7b8c9-qv9zr alert='Java Process Spawning Shell' (Critical):"
                        + " would delete pod blog-system/was-6d5f7b8c9-qv9zr (grace period 0s)",
                "action dry_run rule='Quarantine pods that install software' action='Quarantine Pod'"
                        + " actionner=kubernetes:label target=pod blog-system/web-7f9c8d6b5-x2x7q",
                "action dry_run rule='Isolate pods with unexpected outbound connections' action='Isolate Pod'",
                "Response: ");
        assertThat(r.err()).doesNotContain("action success", "action failure");
        assertThat(r.err().lines().filter(l -> l.startsWith("action dry_run")).count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aBrokenResponseRulesFileIsReportedWithItsPositionAndNothingRuns(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("response.yaml");
        Files.writeString(rules, "- rule: R\n  match: {priority: \"=>Critical\"}\n  actions: [{action: L, actionner: log}]\n");
        CliRunner r = CliRunner.run("replay", "--response", rules.toString(),
                ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(rules + ":2:21: error: LOAD_ERR_VALIDATE: bad priority '=>Critical'",
                "the response rules have 1 error(s); nothing was replayed");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void watchWithResponseAndAWebserverServesTheActionCountersWhileItRunsAndPrintsTheSummary(@TempDir Path dir)
            throws Exception {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, "webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: " + port + "}\n");
        Path response = dir.resolve("response.yaml");
        Files.writeString(response, "- rule: Note\n  actions: [{action: Note, actionner: log}]\n");
        // A rule of the test's own on a file any user can read, so the test does not need root.
        Path marker = Files.writeString(dir.resolve("marker"), "x");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "- rule: Marker read\n  desc: the test's marker file was opened\n"
                + "  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = \"" + marker + "\"\n"
                + "  output: marker read (file=%fd.name)\n  priority: WARNING\n");
        Path stop = dir.resolve("stop");
        CompletableFuture<CliRunner> watch = CompletableFuture.supplyAsync(() -> CliRunner.run("watch",
                "--rules", rules.toString(), "--config", config.toString(), "--response", response.toString(),
                "--", "sh", "-c", "cat " + marker + " > /dev/null; while [ ! -e " + stop + " ]; do sleep 0.1; done"));
        String metrics = "";
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !metrics.contains(
                    "kestrel_response_actions_total{actionner=\"log\",outcome=\"success\"} 1\n")) {
                Thread.sleep(100);
                try {
                    metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    // not listening yet
                }
            }
        } finally {
            Files.writeString(stop, "");
        }
        CliRunner r = watch.get(60, TimeUnit.SECONDS);
        assertThat(metrics).as(r.err()).contains("kestrel_response_alerts_total{status=\"matched\"} 1\n",
                "kestrel_response_actions_planned_total{actionner=\"log\"} 1\n",
                "kestrel_response_actions_total{actionner=\"log\",outcome=\"success\"} 1\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("action success rule='Note' action='Note' actionner=log",
                "Response: 1 of 1 alert(s) matched; actions: success 1, ignored 0, dry_run 0, failure 0, rate_limited 0,"
                        + " deduplicated 0");
    }

    @Test
    void theConfigsResponseSectionPrintsTheSameActionsAndSummaryAsTheOptionAndStillWritesItsAuditFile(@TempDir Path dir)
            throws Exception {
        Path responseRules = ROOT.resolve("src/response/response_rules.yaml");
        Path events = ROOT.resolve("src/scenarios/blog-system/events.jsonl");
        Path audit = dir.resolve("actions.jsonl");
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, "response:\n  rules_file: " + responseRules + "\n  dry_run: true\n  audit_file: actions.jsonl\n");
        String[] rules = {"--rules", SharedFiles.falcoRules().toString(), "--rules", ROOT.resolve("src/rules/user_rules.yaml").toString()};

        CliRunner option = CliRunner.run(concat(rules, "--response", responseRules.toString(), "--dry-run", events.toString()));
        CliRunner configured = CliRunner.run(concat(rules, "--config", config.toString(), events.toString()));

        assertThat(option.code()).as(option.err()).isZero();
        assertThat(configured.code()).as(configured.err()).isZero();
        List<String> optionActions = responseLines(option.err());
        assertThat(optionActions).as(option.err()).hasSizeGreaterThanOrEqualTo(7)
                .anyMatch(l -> l.startsWith("action dry_run rule='Kill pods running a shell from Java' action='Terminate Pod'"));
        assertThat(optionActions.get(optionActions.size() - 1)).startsWith("Response: ");
        assertThat(responseLines(configured.err())).as(configured.err()).containsExactlyElementsOf(optionActions);
        assertThat(configured.err().lines().filter(l -> l.contains("action dry_run ")))
                .as("no action line with a logger prefix").allMatch(l -> l.startsWith("action dry_run "));
        assertThat(configured.out()).isEqualTo(option.out());
        List<String> audited = Files.readAllLines(audit);
        assertThat(audited).hasSize((int) optionActions.stream().filter(l -> l.startsWith("action ")).count())
                .allMatch(l -> l.startsWith("{") && l.contains("dry_run"));
    }

    @Test
    void theOptionAndTheConfigsResponseSectionTogetherAreAMistakeAndNothingRuns(@TempDir Path dir) throws Exception {
        Path responseRules = ROOT.resolve("src/response/response_rules.yaml");
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, "response: {rules_file: " + responseRules + ", dry_run: true}\n");
        CliRunner r = CliRunner.run("replay", "--config", config.toString(), "--response", responseRules.toString(),
                ROOT.resolve("src/scenarios/blog-system/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("kestrel replay: --response " + responseRules + " and the response section of " + config
                + " both name response rules; give one of them; nothing was replayed");
        assertThat(r.out()).isEmpty();
    }

    /** The action lines (with their indented output) and the Response summary, in order. */
    private static List<String> responseLines(String err) {
        return err.lines().filter(l -> l.startsWith("action ") || l.startsWith("  | ") || l.startsWith("Response: ")).toList();
    }

    private static String[] concat(String[] rules, String... rest) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(rules));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void dryRunWithoutResponseIsAUsageMistake() {
        CliRunner r = CliRunner.run("replay", "--dry-run", ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--dry-run applies to response rules (--response FILE or the config's response section),"
                + " and none were given; nothing was replayed");
    }
}
