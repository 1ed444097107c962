package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads Falco's {@code webserver} section: {@code enabled}, {@code listen_address},
 * {@code listen_port}, {@code k8s_healthz_endpoint}, {@code prometheus_metrics_enabled}. Kestrel
 * listens on 127.0.0.1 unless told otherwise (Falco's default is 0.0.0.0). Stateless.
 */
public final class WebserverProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("enabled", "listen_address", "listen_port", "k8s_healthz_endpoint",
            "prometheus_metrics_enabled", "ssl_enabled");
    private static final Set<String> IGNORED = Set.of("threadiness", "ssl_certificate");

    @Override
    public String section() {
        return "webserver";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, IGNORED);
        boolean enabled = s.bool("enabled", false);
        String address = s.string("listen_address", "127.0.0.1");
        int port = (int) s.number("listen_port", 8765, 0, 65535);
        String health = s.string("k8s_healthz_endpoint", "/healthz");
        boolean metrics = s.bool("prometheus_metrics_enabled", true);
        if (s.bool("ssl_enabled", false)) {
            s.error("ssl_enabled", "'webserver.ssl_enabled' is not supported by Kestrel; put a TLS proxy in front");
        }
        if (!health.startsWith("/")) {
            s.error("k8s_healthz_endpoint", "'webserver.k8s_healthz_endpoint' must start with '/'");
        }
        if (!enabled) {
            return null;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("listen", address + ":" + port);
        d.put("healthz", health);
        d.put("metrics", metrics ? "/metrics (Prometheus text 0.0.4)" : "off");
        return new ReadyOutput("webserver", d, c -> {
            try {
                return new MetricsServer(address, port, health, metrics, c::kestrel);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
            }
        });
    }
}
