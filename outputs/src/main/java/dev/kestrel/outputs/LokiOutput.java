package dev.kestrel.outputs;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.output.AlertJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pushes alerts to Grafana Loki's push API the way falcosidekick does: each alert is a log line in
 * the stream of its labels {@code rule}, {@code source}, {@code priority}, {@code hostname},
 * {@code tags} (sorted, comma-joined), {@code k8s_ns_name} and {@code k8s_pod_name} (when those
 * output fields are strings), plus the {@code customfields} and the {@code extralabels} fields that
 * are strings, names sanitised ({@code .} to {@code _}). The line is the alert's text or, with
 * {@code format: json}, its JSON. Alerts are batched (by count and age) into one push, one stream per
 * label set. Tenant header, basic auth and custom headers as configured. Thread-safe.
 */
public final class LokiOutput extends NetworkOutput<LokiOutput.Line> {

    /**
     * @param pushUrl the push endpoint, {@code hostport} + {@code endpoint}
     * @param tenant sent as {@code X-Scope-OrgID} when not empty
     * @param user with {@code apiKey}, sent as basic auth when both are set
     * @param extraLabels output fields that also become labels when their value is a string
     * @param jsonFormat whether the line is the JSON alert rather than the text line
     */
    public record Settings(URI pushUrl, String tenant, String user, String apiKey, Priority minimum,
            List<String> extraLabels, boolean jsonFormat, Map<String, String> customHeaders,
            Map<String, String> customFields, TlsOptions tls, DeliveryLimits limits) {
        public Settings {
            Objects.requireNonNull(pushUrl, "pushUrl");
            tenant = tenant == null ? "" : tenant;
            user = user == null ? "" : user;
            apiKey = apiKey == null ? "" : apiKey;
            extraLabels = List.copyOf(extraLabels);
            customHeaders = Map.copyOf(customHeaders);
            customFields = Map.copyOf(customFields);
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String toString() {
            return "LokiOutput.Settings[" + HttpClients.target(pushUrl) + ", tenant=" + tenant
                    + ", user=" + (user.isEmpty() ? "" : "****") + ", apiKey=" + (apiKey.isEmpty() ? "" : "****") + "]";
        }
    }

    /** One alert as Loki stores it: its stream's labels, its time in Unix nanoseconds, its line. */
    record Line(SortedMap<String, String> labels, String time, String line) {
    }

    private final Settings settings;
    private final String authorization;

    /** Starts the output's worker. */
    public LokiOutput(Settings settings) {
        super("loki", settings.minimum(), settings.limits(), HttpClients.create(settings.limits(), settings.tls()),
                HttpClients.target(settings.pushUrl()));
        this.settings = settings;
        this.authorization = !settings.user().isEmpty() && !settings.apiKey().isEmpty()
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (settings.user() + ":" + settings.apiKey()).getBytes(StandardCharsets.UTF_8))
                : null;
        start();
    }

    /** The labels falcosidekick gives an alert's stream. */
    static SortedMap<String, String> labels(Alert alert, Map<String, Object> fields, Map<String, String> customFields,
            List<String> extraLabels) {
        SortedMap<String, String> s = new TreeMap<>();
        s.put("rule", alert.rule());
        s.put("source", alert.source());
        s.put("priority", alert.priority().display());
        if (fields.get("k8s.ns.name") instanceof String ns) {
            s.put("k8s_ns_name", ns);
        }
        if (fields.get("k8s.pod.name") instanceof String pod) {
            s.put("k8s_pod_name", pod);
        }
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (f.getValue() instanceof String v
                    && (customFields.containsKey(f.getKey()) || extraLabels.contains(f.getKey()))) {
                s.put(labelName(f.getKey()), v.replace("\"", ""));
            }
        }
        if (!alert.hostname().isEmpty()) {
            s.put("hostname", alert.hostname());
        }
        if (!alert.tags().isEmpty()) {
            s.put("tags", String.join(",", alert.tags().stream().sorted().toList()));
        }
        return s;
    }

    /** A field name as a label name: {@code .} becomes {@code _}, brackets go. */
    static String labelName(String field) {
        return field.replace(".", "_").replace("]", "").replace("[", "");
    }

    @Override
    Line encode(Alert alert) {
        Map<String, Object> fields = SidekickFields.of(alert, settings.customFields());
        String line = settings.jsonFormat() ? AlertJson.toJson(alert, AlertJson.Options.DEFAULTS, settings.customFields())
                : alert.output();
        return new Line(labels(alert, fields, settings.customFields(), settings.extraLabels()),
                Long.toString(alert.timeNanos()), line);
    }

    @Override
    long bytes(Line payload) {
        long n = payload.line().length() + payload.time().length() + 16L;
        for (Map.Entry<String, String> l : payload.labels().entrySet()) {
            n += l.getKey().length() + l.getValue().length() + 6;
        }
        return n;
    }

    /** The push body: one stream per label set, in order of first appearance, lines in batch order. */
    static String body(List<Line> batch) {
        Map<SortedMap<String, String>, List<Line>> streams = new LinkedHashMap<>();
        for (Line l : batch) {
            streams.computeIfAbsent(l.labels(), k -> new ArrayList<>()).add(l);
        }
        StringBuilder out = new StringBuilder(256 * batch.size());
        out.append("{\"streams\":[");
        boolean firstStream = true;
        for (Map.Entry<SortedMap<String, String>, List<Line>> s : streams.entrySet()) {
            out.append(firstStream ? "" : ",").append("{\"stream\":");
            firstStream = false;
            JsonWriter.write(s.getKey(), out);
            out.append(",\"values\":[");
            boolean firstValue = true;
            for (Line l : s.getValue()) {
                out.append(firstValue ? "[" : ",[");
                firstValue = false;
                JsonWriter.writeString(l.time(), out);
                out.append(',');
                JsonWriter.writeString(l.line(), out);
                out.append(']');
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    @Override
    HttpRequest request(List<Line> batch) {
        HttpRequest.Builder b = requestTo(settings.pushUrl())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Kestrel");
        if (!settings.tenant().isEmpty()) {
            b.header("X-Scope-OrgID", settings.tenant());
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        settings.customHeaders().forEach(b::setHeader);
        return b.POST(HttpRequest.BodyPublishers.ofString(body(batch), StandardCharsets.UTF_8)).build();
    }
}
