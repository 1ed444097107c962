package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.sensor.strace.StracePreflight;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        dev.kestrel.core.testsupport.SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("kestrel.yaml");
        Files.writeString(config, "webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: " + port + "}\n");
        Path response = dir.resolve("response.yaml");
        Files.writeString(response, "- rule: Note\n  actions: [{action: Note, actionner: log}]\n");
        Path stop = dir.resolve("stop");
        CompletableFuture<CliRunner> watch = CompletableFuture.supplyAsync(() -> CliRunner.run("watch",
                "--rules", SharedFiles.falcoRules().toString(), "--config", config.toString(), "--response", response.toString(),
                "--", "sh", "-c", "cat /etc/shadow > /dev/null; while [ ! -e " + stop + " ]; do sleep 0.1; done"));
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
                } catch (java.io.IOException e) {
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
    void dryRunWithoutResponseIsAUsageMistake() {
        CliRunner r = CliRunner.run("replay", "--dry-run", ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--dry-run applies to --response, which was not given");
    }
}
