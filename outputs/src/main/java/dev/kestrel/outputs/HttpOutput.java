package dev.kestrel.outputs;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.output.AlertJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Falco's {@code http_output}: POSTs each alert to a URL exactly as Falco does, so falcosidekick and
 * Falco Talon take Kestrel's alerts unchanged. With {@code json_output} the body is Falco's JSON alert
 * (with the {@code json_include_*} properties) and the content type {@code application/json};
 * otherwise the body is the text line and the type {@code text/plain}. The User-Agent is the
 * configured one. Thread-safe; see {@link NetworkOutput} for buffering and retries.
 */
public final class HttpOutput extends NetworkOutput<byte[]> {

    /**
     * @param url where alerts are posted (falcosidekick listens on {@code http://HOST:2801/})
     * @param userAgent the User-Agent header (Falco's default is {@code falcosecurity/falco})
     * @param jsonOutput Falco's {@code json_output}: JSON alerts rather than text lines
     * @param json which optional properties the JSON alert has
     * @param minimum the least severe priority sent
     */
    public record Settings(URI url, String userAgent, boolean jsonOutput, AlertJson.Options json, Priority minimum,
            TlsOptions tls, DeliveryLimits limits) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(limits, "limits");
        }
    }

    private final Settings settings;

    /** Starts the output's worker. */
    public HttpOutput(Settings settings) {
        super("http_output", settings.minimum(), settings.limits().withBatch(1, Duration.ZERO),
                HttpClients.create(settings.limits(), settings.tls()),
                HttpClients.target(settings.url()));
        this.settings = settings;
        start();
    }

    @Override
    byte[] encode(Alert alert) {
        String body = settings.jsonOutput() ? AlertJson.toJson(alert, settings.json(), Map.of()) : alert.output();
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    long bytes(byte[] payload) {
        return payload.length;
    }

    @Override
    HttpRequest request(List<byte[]> batch) {
        return requestTo(settings.url())
                .header("Content-Type", settings.jsonOutput() ? "application/json" : "text/plain")
                .header("User-Agent", settings.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.get(0)))
                .build();
    }
}
