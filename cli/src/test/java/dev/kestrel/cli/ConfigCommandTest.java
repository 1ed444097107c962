package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kestrel.core.testsupport.SharedFiles;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kestrel config --check} and {@code --config} on replay. */
class ConfigCommandTest {

    private static final Path ROOT = SharedFiles.root();

    @TempDir
    Path dir;

    @Test
    void theExampleConfigIsValidAndShowsEveryOutput() {
        CliRunner r = CliRunner.run("config", "--check", ROOT.resolve("src/config/kestrel.yaml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("priority: debug", "http_output:", "loki:", "slack:", "webhook:",
                "  url: http://127.0.0.1:2801/", "  webhookurl: http://127.0.0.1:9093/****");
        assertThat(r.out()).doesNotContain("XXXXXXXX");
        assertThat(r.err()).contains("is valid (0 warning(s), 4 output(s) on)");
    }

    @Test
    void theExampleReplayFinishesAndReportsEveryOutputWhenNoServerIsUp() {
        CliRunner r = CliRunner.run("replay", "--config", ROOT.resolve("src/config/kestrel.yaml").toString(),
                ROOT.resolve("src/scenarios/blog-system/events.jsonl").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Program not part of the container image executed", "container_id=");
        assertThat(r.err()).contains("Alerts: 6", "Outputs:");
        assertThat(r.err().lines().filter(l -> l.matches("  (http_output|loki|slack|webhook) +\\d+ delivered, \\d+ retried, "
                + "\\d+ failed, 0 dropped"))).hasSize(4);
    }

    @Test
    void aBrokenConfigNamesFileLineAndColumn() throws Exception {
        Path file = dir.resolve("k.yaml");
        Files.writeString(file, "priority: debug\nslack:\n  webhookurl: http://127.0.0.1:1/x\n  usrname: bot\n");
        CliRunner r = CliRunner.run("config", "--check", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(file + ":4:3: error: CONFIG_UNKNOWN_KEY: unknown key 'slack.usrname' (did you mean 'username'?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void replayWithAConfigDeliversToItsOutputsAndSummarisesThem() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            Path file = dir.resolve("k.yaml");
            Files.writeString(file, "json_output: true\nwebhook: {address: \"http://127.0.0.1:" + server.getAddress().getPort()
                    + "/in\"}\ncustomfields: {cluster: c1}\n");
            CliRunner r = CliRunner.run("replay", "--config", file.toString(),
                    ROOT.resolve("src/scenarios/01-sensitive-file-read/events.jsonl").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("{\"hostname\":");
            assertThat(r.err()).contains("Outputs:", "webhook      1 delivered, 0 retried, 0 failed, 0 dropped");
            assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains("\"cluster\":\"c1\"",
                    "\"rule\":\"Sensitive file read by untrusted program\""));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void demoWithAConfigSendsEveryScenarioAlertToItsOutputs() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            Path file = dir.resolve("k.yaml");
            Files.writeString(file, "webhook: {address: \"http://127.0.0.1:" + server.getAddress().getPort() + "/\"}\n");
            CliRunner r = CliRunner.run("demo", "--root", ROOT.toString(), "--config", file.toString());
            assertThat(r.code()).as(r.err()).isZero();
            Matcher m = Pattern.compile("Alerts: (\\d+)").matcher(r.err());
            assertThat(m.find()).isTrue();
            int alerts = Integer.parseInt(m.group(1));
            assertThat(alerts).isPositive();
            assertThat(r.err()).contains("webhook      " + alerts + " delivered, 0 retried, 0 failed, 0 dropped");
            assertThat(received).hasValue(alerts);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aConfigErrorStopsReplayBeforeAnything() throws Exception {
        Path file = dir.resolve("k.yaml");
        Files.writeString(file, "loki: {hostport: \"http://127.0.0.1:1\", format: xml}\n");
        CliRunner r = CliRunner.run("replay", "--config", file.toString(), "-");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(file + ":1:48: error: CONFIG_BAD_VALUE", "the config has 1 error(s); nothing was replayed");
    }
}
