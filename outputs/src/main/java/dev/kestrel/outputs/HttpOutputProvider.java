package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Falco's {@code http_output} section: {@code enabled}, {@code url}, {@code user_agent},
 * {@code insecure}, {@code ca_cert}/{@code ca_bundle}, {@code keep_alive}, plus Kestrel's
 * {@code minimumpriority} and {@code delivery} limits. Stateless.
 */
public final class HttpOutputProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("enabled", "url", "user_agent", "insecure", "ca_cert", "ca_bundle",
            "keep_alive", "compress_uploads", "mtls", "minimumpriority", "delivery");
    private static final Set<String> IGNORED = Set.of("ca_path", "echo", "client_cert", "client_key",
            "max_consecutive_timeouts");

    @Override
    public String section() {
        return "http_output";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, IGNORED);
        boolean enabled = s.bool("enabled", false);
        URI url = s.url("url");
        String userAgent = s.string("user_agent", "falcosecurity/falco");
        boolean insecure = s.bool("insecure", false);
        String caKey = s.has("ca_cert") && !s.string("ca_cert", "").isBlank() ? "ca_cert" : "ca_bundle";
        TlsOptions tls = SectionReading.tls(s, insecure, caKey, context.baseDir());
        s.bool("keep_alive", false);
        if (s.bool("compress_uploads", false)) {
            s.warning("compress_uploads", "'http_output.compress_uploads' is not implemented; alerts are sent uncompressed");
        }
        if (s.bool("mtls", false)) {
            s.error("mtls", "'http_output.mtls' (client certificates) is not supported by Kestrel");
        }
        var minimum = s.minimumPriority("minimumpriority");
        DeliveryLimits limits = DeliveryLimits.read(s, DeliveryLimits.DEFAULTS);
        if (!enabled) {
            return null;
        }
        if (url == null) {
            if (s.string("url", "").isBlank()) {
                s.error("url", "'http_output.url' must be set when http_output is enabled");
            }
            return null;
        }
        HttpOutput.Settings settings = new HttpOutput.Settings(url, userAgent, context.jsonOutput(), context.json(),
                minimum, tls, limits);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("url", SectionReading.shown(url, false));
        d.put("user_agent", userAgent);
        d.put("body", context.jsonOutput() ? "Falco JSON alert (json_output: true)" : "text line (json_output: false)");
        d.put("tls", insecure ? "certificates not checked (insecure)" : tls.caCert() != null ? "CA " + tls.caCert() : "JDK trust");
        d.put("minimumpriority", minimum.name().toLowerCase(Locale.ROOT));
        d.put("delivery", limits.describe());
        return new ReadyOutput("http_output", d, c -> new HttpOutput(settings));
    }
}
