package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads falcosidekick's {@code loki} section: {@code hostport}, {@code endpoint}, {@code tenant},
 * {@code user}, {@code apikey}, {@code minimumpriority}, {@code extralabels}, {@code format},
 * {@code customheaders}, {@code checkcert}, plus Kestrel's {@code delivery} limits (batches of 100
 * alerts or 1 s by default). An empty {@code hostport} turns the output off. Stateless.
 */
public final class LokiOutputProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("hostport", "endpoint", "tenant", "user", "apikey",
            "minimumpriority", "extralabels", "format", "customheaders", "checkcert", "delivery");
    private static final Set<String> IGNORED = Set.of("mutualtls");

    /** Loki's default limits: batches of up to 100 alerts, sent at most 1 s after the first. */
    static final DeliveryLimits DEFAULTS = DeliveryLimits.DEFAULTS.withBatch(100, Duration.ofSeconds(1));

    @Override
    public String section() {
        return "loki";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, IGNORED);
        URI host = s.url("hostport");
        String endpoint = s.string("endpoint", "/loki/api/v1/push");
        String tenant = s.string("tenant", "");
        String user = s.string("user", "");
        String apiKey = s.string("apikey", "");
        var minimum = s.minimumPriority("minimumpriority");
        List<String> extraLabels = s.stringList("extralabels");
        boolean json = s.choice("format", "text", List.of("text", "json")).equals("json");
        Map<String, String> headers = SectionReading.headers(s, "customheaders");
        TlsOptions tls = SectionReading.tls(s, !s.bool("checkcert", true), null, context.baseDir());
        DeliveryLimits limits = DeliveryLimits.read(s, DEFAULTS);
        if (host == null) {
            return null;
        }
        if (!endpoint.startsWith("/")) {
            s.error("endpoint", "'loki.endpoint' must start with '/', like /loki/api/v1/push");
            return null;
        }
        String base = host.toString().replaceAll("/+$", "");
        URI push;
        try {
            push = URI.create(base + endpoint);
        } catch (IllegalArgumentException e) {
            s.error("endpoint", "'loki.hostport' and 'loki.endpoint' do not make a valid URL");
            return null;
        }
        if (user.isEmpty() != apiKey.isEmpty()) {
            s.warning(user.isEmpty() ? "apikey" : "user", "basic auth needs both 'loki.user' and 'loki.apikey'; "
                    + "with only one set, no Authorization header is sent");
        }
        LokiOutput.Settings settings = new LokiOutput.Settings(push, tenant, user, apiKey, minimum, extraLabels, json,
                headers, context.customFields(), tls, limits);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("push_url", SectionReading.shown(push, false));
        d.put("tenant", tenant.isEmpty() ? "(none)" : tenant);
        d.put("user", user.isEmpty() ? "(none)" : user);
        d.put("apikey", SectionReading.secret(apiKey));
        d.put("format", json ? "json" : "text");
        d.put("labels", "rule, source, priority, hostname, tags, k8s_ns_name, k8s_pod_name"
                + (context.customFields().isEmpty() ? "" : ", customfields " + context.customFields().keySet())
                + (extraLabels.isEmpty() ? "" : ", extralabels " + extraLabels));
        d.put("customheaders", SectionReading.headerNames(headers));
        d.put("checkcert", String.valueOf(!tls.insecure()));
        d.put("minimumpriority", minimum.name().toLowerCase(Locale.ROOT));
        d.put("delivery", limits.describe());
        return new ReadyOutput("loki", d, c -> new LokiOutput(settings));
    }
}
