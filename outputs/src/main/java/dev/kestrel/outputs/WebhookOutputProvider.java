package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads falcosidekick's {@code webhook} section: {@code address}, {@code method} ({@code POST} or
 * {@code PUT}), {@code customheaders}, {@code minimumpriority}, {@code checkcert}, plus Kestrel's
 * {@code delivery} limits. An empty {@code address} turns the output off. Stateless.
 */
public final class WebhookOutputProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("address", "method", "customheaders", "minimumpriority",
            "checkcert", "delivery");
    private static final Set<String> IGNORED = Set.of("mutualtls");

    @Override
    public String section() {
        return "webhook";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, IGNORED);
        URI address = s.url("address");
        boolean put = s.choice("method", "POST", List.of("POST", "PUT")).equals("PUT");
        Map<String, String> headers = SectionReading.headers(s, "customheaders");
        var minimum = s.minimumPriority("minimumpriority");
        TlsOptions tls = SectionReading.tls(s, !s.bool("checkcert", true), null, context.baseDir());
        DeliveryLimits limits = DeliveryLimits.read(s, DeliveryLimits.DEFAULTS);
        if (address == null) {
            return null;
        }
        WebhookOutput.Settings settings = new WebhookOutput.Settings(address, put, headers, minimum,
                context.customFields(), tls, limits);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("address", SectionReading.shown(address, false));
        d.put("method", put ? "PUT" : "POST");
        d.put("customheaders", SectionReading.headerNames(headers));
        d.put("checkcert", String.valueOf(!tls.insecure()));
        d.put("minimumpriority", minimum.name().toLowerCase(Locale.ROOT));
        d.put("delivery", limits.describe());
        return new ReadyOutput("webhook", d, c -> new WebhookOutput(settings));
    }
}
