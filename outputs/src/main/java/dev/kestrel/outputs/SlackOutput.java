package dev.kestrel.outputs;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Posts alerts to a Slack incoming webhook laid out as falcosidekick lays them out: one attachment
 * coloured by priority, with the text line ({@code outputformat: all} or {@code text}) and fields
 * rule, priority, source, hostname, tags, each string output field and the time ({@code all} or
 * {@code fields}); an optional {@code messageformat} template becomes the message text. The webhook
 * URL is a secret: messages name only its host. Thread-safe.
 */
public final class SlackOutput extends NetworkOutput<byte[]> {

    /** falcosidekick's {@code outputformat}. */
    public enum Format { ALL, TEXT, FIELDS }

    /**
     * @param webhookUrl the incoming webhook (a secret)
     * @param channel overrides the webhook's channel when not empty
     * @param footer the attachment's footer, omitted when empty
     * @param template the {@code messageformat}, or null for none
     */
    public record Settings(URI webhookUrl, String channel, String username, String iconUrl, String footer,
            Priority minimum, Format format, MessageTemplate template, Map<String, String> customFields,
            DeliveryLimits limits) {
        public Settings {
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            channel = channel == null ? "" : channel;
            username = username == null ? "" : username;
            iconUrl = iconUrl == null ? "" : iconUrl;
            footer = footer == null ? "" : footer;
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(format, "format");
            customFields = Map.copyOf(customFields);
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String toString() {
            return "SlackOutput.Settings[" + HttpClients.target(webhookUrl) + "/****, channel=" + channel + "]";
        }
    }

    private final Settings settings;

    /** Starts the output's worker. */
    public SlackOutput(Settings settings) {
        super("slack", settings.minimum(), settings.limits().withBatch(1, Duration.ZERO),
                HttpClients.create(settings.limits(), TlsOptions.DEFAULT), HttpClients.target(settings.webhookUrl()));
        this.settings = settings;
        start();
    }

    /** The colour falcosidekick gives each priority. */
    static String color(Priority p) {
        return switch (p) {
            case EMERGENCY, ERROR -> "#e20b0b";
            case ALERT, CRITICAL -> "#ff5400";
            case WARNING -> "#ffc700";
            case NOTICE -> "#5bffb5";
            case INFORMATIONAL -> "#68c2ff";
            case DEBUG -> "#ccfff2";
        };
    }

    /** The webhook's JSON body for {@code alert}. */
    static String body(Alert alert, Settings s) {
        Map<String, Object> fields = SidekickFields.of(alert, s.customFields());
        StringBuilder out = new StringBuilder(512);
        out.append('{');
        boolean any = false;
        if (s.template() != null) {
            any = member(out, any, "text", s.template().render(alert, fields));
        }
        any = member(out, any, "username", s.username());
        any = member(out, any, "icon_url", s.iconUrl());
        any = member(out, any, "channel", s.channel());
        out.append(any ? "," : "").append("\"attachments\":[{\"fallback\":");
        JsonWriter.writeString(alert.output(), out);
        out.append(",\"color\":");
        JsonWriter.writeString(color(alert.priority()), out);
        if (s.format() != Format.FIELDS) {
            out.append(",\"text\":");
            JsonWriter.writeString(alert.output(), out);
        }
        out.append(",\"fields\":");
        if (s.format() == Format.TEXT) {
            out.append("null");
        } else {
            out.append('[');
            field(out, true, "rule", alert.rule(), true);
            field(out, false, "priority", alert.priority().display(), true);
            field(out, false, "source", alert.source(), true);
            if (!alert.hostname().isEmpty()) {
                field(out, false, "hostname", alert.hostname(), true);
            }
            if (!alert.tags().isEmpty()) {
                field(out, false, "tags", String.join(", ", alert.tags().stream().sorted().toList()), true);
            }
            new TreeMap<>(fields).forEach((k, v) -> {
                if (v instanceof String str) {
                    field(out, false, k, str, str.codePointCount(0, str.length()) < 36);
                }
            });
            field(out, false, "time", GoTime.string(alert.timeNanos()), false);
            out.append(']');
            if (!s.footer().isEmpty()) {
                out.append(",\"footer\":");
                JsonWriter.writeString(s.footer(), out);
            }
        }
        return out.append("}]}").toString();
    }

    private static boolean member(StringBuilder out, boolean any, String name, String value) {
        if (value == null || value.isEmpty()) {
            return any;
        }
        out.append(any ? "," : "").append('"').append(name).append("\":");
        JsonWriter.writeString(value, out);
        return true;
    }

    private static void field(StringBuilder out, boolean first, String title, String value, boolean isShort) {
        out.append(first ? "" : ",").append("{\"title\":");
        JsonWriter.writeString(title, out);
        out.append(",\"value\":");
        JsonWriter.writeString(value, out);
        out.append(",\"short\":").append(isShort).append('}');
    }

    @Override
    byte[] encode(Alert alert) {
        return body(alert, settings).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    long bytes(byte[] payload) {
        return payload.length;
    }

    @Override
    HttpRequest request(List<byte[]> batch) {
        return requestTo(settings.webhookUrl())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Kestrel")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.get(0)))
                .build();
    }
}
