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
 * falcosidekick's {@code webhook}: sends each alert's Falco JSON, with the {@code customfields} in
 * its {@code output_fields}, to any address with POST or PUT and custom headers. Thread-safe.
 */
public final class WebhookOutput extends NetworkOutput<byte[]> {

    /** @param put whether to send with PUT rather than POST */
    public record Settings(URI address, boolean put, Map<String, String> customHeaders, Priority minimum,
            Map<String, String> customFields, TlsOptions tls, DeliveryLimits limits) {
        public Settings {
            Objects.requireNonNull(address, "address");
            customHeaders = Map.copyOf(customHeaders);
            Objects.requireNonNull(minimum, "minimum");
            customFields = Map.copyOf(customFields);
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String toString() {
            return "WebhookOutput.Settings[" + HttpClients.target(address) + ", " + (put ? "PUT" : "POST")
                    + ", headers " + customHeaders.keySet() + "]";
        }
    }

    private final Settings settings;

    /** Starts the output's worker. */
    public WebhookOutput(Settings settings) {
        super("webhook", settings.minimum(), settings.limits().withBatch(1, Duration.ZERO),
                HttpClients.create(settings.limits(), settings.tls()), HttpClients.target(settings.address()));
        this.settings = settings;
        start();
    }

    @Override
    byte[] encode(Alert alert) {
        return AlertJson.toJson(alert, AlertJson.Options.DEFAULTS, settings.customFields()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    long bytes(byte[] payload) {
        return payload.length;
    }

    @Override
    HttpRequest request(List<byte[]> batch) {
        HttpRequest.Builder b = requestTo(settings.address())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Kestrel");
        settings.customHeaders().forEach(b::setHeader);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofByteArray(batch.get(0));
        return (settings.put() ? b.PUT(body) : b.POST(body)).build();
    }
}
