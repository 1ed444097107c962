package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.loader.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The output sections read by this module's providers: each mistake with its position; secrets never shown. */
class OutputSectionsConfigTest {

    @TempDir
    Path dir;

    private KestrelConfig read(String yaml) throws Exception {
        Path file = dir.resolve("kestrel.yaml");
        Files.writeString(file, yaml);
        return KestrelConfig.read(file, Map.of("SLACK_URL", "https://hooks.example.test/services/T1/B2/SeCrEt"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loki key typo          | loki:\\n  hostport: http://127.0.0.1:3100\\n  tennant: acme\\n | 3:3  | CONFIG_UNKNOWN_KEY | unknown key 'loki.tennant' (did you mean 'tenant'?)
            loki bad url           | loki:\\n  hostport: 127.0.0.1:3100\\n                       | 2:13 | CONFIG_BAD_VALUE   | 'loki.hostport' must be an http:// or https:// URL
            loki bad format        | loki:\\n  hostport: http://h:1\\n  format: jsn\\n           | 3:11 | CONFIG_BAD_VALUE   | (did you mean 'json'?)
            loki bad header        | loki:\\n  hostport: http://h:1\\n  customheaders: {Host: x}\\n | 3:18 | CONFIG_BAD_VALUE | the header 'Host'
            slack bad priority     | slack:\\n  webhookurl: http://h:1/x\\n  minimumpriority: warn\\n | 3:20 | CONFIG_BAD_VALUE | (did you mean 'warning'?)
            slack bad outputformat | slack:\\n  webhookurl: http://h:1/x\\n  outputformat: short\\n | 3:17 | CONFIG_BAD_VALUE | must be one of 'all', 'text', 'fields'
            slack bad template     | slack:\\n  webhookurl: http://h:1/x\\n  messageformat: '{{ .Nope }}'\\n | 3:18 | CONFIG_BAD_VALUE | '{{ .Nope }}' at column 1 is not supported
            webhook bad method     | webhook:\\n  address: http://h:1/\\n  method: GET\\n        | 3:11 | CONFIG_BAD_VALUE   | must be one of 'POST', 'PUT'
            webhook checkcert type | webhook:\\n  address: http://h:1/\\n  checkcert: [x]\\n     | 3:14 | CONFIG_WRONG_TYPE  | 'webhook.checkcert' must be true or false
            http_output no url     | http_output:\\n  enabled: true\\n                         | 2:3  | CONFIG_BAD_VALUE   | 'http_output.url' must be set
            http_output mtls       | http_output:\\n  enabled: true\\n  url: http://h:1/\\n  mtls: true\\n | 4:9 | CONFIG_BAD_VALUE | not supported
            webserver bad port     | webserver:\\n  enabled: true\\n  listen_port: 70000\\n  | 3:16 | CONFIG_BAD_VALUE   | must be between 0 and 65535
            http_output port big   | http_output:\\n  enabled: true\\n  url: http://127.0.0.1:99999/\\n | 3:8 | CONFIG_BAD_VALUE | 'http_output.url' has port 99999, outside 1 to 65535
            webhook port zero      | webhook:\\n  address: http://h:0/\\n                 | 2:12 | CONFIG_BAD_VALUE   | 'webhook.address' has port 0, outside 1 to 65535
            loki port beyond int   | loki:\\n  hostport: http://h:123456789012\\n      | 2:13 | CONFIG_BAD_VALUE   | 'loki.hostport' has port 123456789012, outside 1 to 65535
            delivery typo          | webhook:\\n  address: http://h:1/\\n  delivery: {max_atempts: 3}\\n | 3:14 | CONFIG_UNKNOWN_KEY | (did you mean 'max_attempts'?)
            """)
    void eachMistakeIsReportedWithItsPosition(String name, String yaml, String at, String code, String text) throws Exception {
        KestrelConfig c = read(yaml.replace("\\n", "\n"));
        assertThat(c.errors()).as(name).hasSize(1);
        Diagnostic d = c.errors().get(0);
        assertThat(d.line() + ":" + d.column()).as(d.format()).isEqualTo(at);
        assertThat(d.code().text()).as(d.format()).isEqualTo(code);
        assertThat(d.message()).contains(text);
    }

    @Test
    void aCaCertificateFileWithoutACertificateIsAnErrorAtItsValue() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "root:x:0:0:root:/root:/bin/bash\n");
        KestrelConfig c = read("http_output:\n  enabled: true\n  url: https://127.0.0.1:1/\n  ca_cert: ca.pem\n");
        assertThat(c.errors()).singleElement().satisfies(d -> {
            assertThat(d.line() + ":" + d.column()).as(d.format()).isEqualTo("4:12");
            assertThat(d.message()).startsWith("the CA certificate file " + dir.resolve("ca.pem") + " holds no certificate");
        });
    }

    @Test
    void aCaCertificateFileThatIsADeviceIsRefusedWithoutReadingIt() throws Exception {
        KestrelConfig c = read("http_output:\n  enabled: true\n  url: https://127.0.0.1:1/\n  ca_bundle: /dev/zero\n");
        assertThat(c.errors()).extracting(Diagnostic::message)
                .contains("the CA certificate file /dev/zero is a character device, not a certificate file");
    }

    @Test
    void falcoKeysKestrelIgnoresAreWarnings() throws Exception {
        KestrelConfig c = read("http_output:\n  enabled: true\n  url: http://127.0.0.1:2801/\n  echo: false\n  max_consecutive_timeouts: 5\n");
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings()).extracting(Diagnostic::line).containsExactly(4, 5);
        assertThat(c.outputs()).extracting(o -> o.name()).containsExactly("http_output");
    }

    @Test
    void emptyAddressesTurnOutputsOff() throws Exception {
        KestrelConfig c = read("loki: {hostport: \"\"}\nslack: {webhookurl: \"\"}\nwebhook: {address: \"\"}\n"
                + "http_output: {enabled: false, url: \"http://h:1/\"}\nwebserver: {enabled: false}\n");
        assertThat(c.errors()).isEmpty();
        assertThat(c.outputs()).isEmpty();
    }

    @Test
    void secretsAreMaskedInTheEffectiveSettings() throws Exception {
        KestrelConfig c = read("""
                slack: {webhookurl: "${SLACK_URL}"}
                loki: {hostport: "http://127.0.0.1:3100", user: bob, apikey: "hunter2", customheaders: {X-Token: abc123}}
                """);
        assertThat(c.errors()).isEmpty();
        String shown = String.join("\n", c.describe());
        assertThat(shown).contains("webhookurl: https://hooks.example.test:443/****", "apikey: (set)", "X-Token (values hidden)")
                .doesNotContain("SeCrEt", "hunter2", "abc123", "T1/B2");
    }
}
