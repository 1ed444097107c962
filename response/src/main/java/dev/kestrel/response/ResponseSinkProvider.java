package dev.kestrel.response;

import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.sink.AlertSinkProvider;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code response}: the {@link AlertSinkProvider} behind {@code Kestrel.builder().response(path)} and
 * the configuration's {@code response:} section. Options: {@code rules_file} (required),
 * {@code dry_run} (true/false), {@code audit_file}, {@code kubeconfig}. The rules' warnings go to
 * the slf4j log (warn), each with file, line and column. Stateless.
 */
public final class ResponseSinkProvider implements AlertSinkProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseSinkProvider.class);

    private static final Set<String> OPTIONS = Set.of("rules_file", "dry_run", "audit_file", "kubeconfig");

    @Override
    public String name() {
        return "response";
    }

    @Override
    public AlertSink create(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown response option '" + key + "' (known: audit_file, dry_run,"
                        + " kubeconfig, rules_file)");
            }
        }
        String rules = options.get("rules_file");
        if (rules == null || rules.isBlank()) {
            throw new IllegalArgumentException("the response option 'rules_file' is required");
        }
        ResponderBuilder b = Responder.builder().rules(Path.of(rules)).dryRun(parseBool(options.getOrDefault("dry_run", "false")));
        if (options.containsKey("audit_file")) {
            b.auditFile(Path.of(options.get("audit_file")));
        }
        if (options.containsKey("kubeconfig")) {
            b.setting("kubeconfig", options.get("kubeconfig"));
        }
        try {
            Responder responder = b.build();
            responder.warnings().forEach(d -> LOG.warn("{}", d.format()));
            return responder;
        } catch (ResponseRulesException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean parseBool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("the response option 'dry_run' must be true or false, was '" + text + "'");
        };
    }
}
