package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the output sections read alike: custom headers, certificate checks, secrets in descriptions. */
final class SectionReading {

    /** Headers the JDK HttpClient sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private SectionReading() {
    }

    /** {@code customheaders}, each name checked; an error names any header that cannot be sent. */
    static Map<String, String> headers(ConfigNode section, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        section.stringMap(key).forEach((name, value) -> {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                section.error(key, "the header '" + name + "' in '" + section.qualified(key)
                        + "' is set by the HTTP client itself and cannot be configured");
            } else if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                section.error(key, "'" + name + "' in '" + section.qualified(key) + "' is not a valid header name");
            } else if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                section.error(key, "the value of header '" + name + "' in '" + section.qualified(key)
                        + "' must be on one line");
            } else {
                headers.put(name, value);
            }
        });
        return headers;
    }

    /**
     * The TLS trust of a section: {@code insecure} (true skips checks) and an optional CA file key,
     * whose file is read now so that a file without a certificate is an error at its value.
     */
    static TlsOptions tls(ConfigNode section, boolean insecure, String caKey, Path baseDir) {
        Path ca = null;
        if (caKey != null) {
            String file = section.string(caKey, "");
            if (!file.isBlank()) {
                ca = baseDir.resolve(file).normalize();
                try {
                    CaCertificates.read(ca);
                } catch (IllegalArgumentException e) {
                    section.error(caKey, e.getMessage());
                    ca = null;
                }
            }
        }
        return new TlsOptions(insecure, ca);
    }

    /** A URL as printed in effective settings: no user, and no path when the path is a secret. */
    static String shown(URI uri, boolean pathIsSecret) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return HttpClients.target(uri) + (pathIsSecret ? (path.isEmpty() ? "" : "/****") : path);
    }

    /** A secret as printed: whether it is set, never its value. */
    static String secret(String value) {
        return value == null || value.isEmpty() ? "(not set)" : "(set)";
    }

    /** Header names only: their values may be tokens. */
    static String headerNames(Map<String, String> headers) {
        return headers.isEmpty() ? "(none)" : String.join(", ", headers.keySet()) + " (values hidden)";
    }
}
