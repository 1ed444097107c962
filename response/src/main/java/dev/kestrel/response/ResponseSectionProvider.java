package dev.kestrel.response;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code response:} section of {@code kestrel.yaml}: {@code rules_file} (required,
 * relative to the config file), {@code dry_run} (default false), {@code audit_file} and
 * {@code kubeconfig}. The rules are read and checked here, so {@code kestrel config --check} reports
 * their errors and warnings with file, line and column; nothing acts until the engine opens the
 * output. Stateless.
 */
public final class ResponseSectionProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("rules_file", "dry_run", "audit_file", "kubeconfig");

    @Override
    public String section() {
        return "response";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, Set.of());
        String rules = s.string("rules_file", null);
        boolean dryRun = s.bool("dry_run", false);
        String audit = s.string("audit_file", null);
        String kubeconfig = s.string("kubeconfig", null);
        if (rules == null || rules.isBlank()) {
            s.error("rules_file", "'" + s.qualified("rules_file") + "' is required: the response rules file (Falco Talon's format)");
            return null;
        }
        Path rulesFile = context.baseDir().resolve(rules);
        Responder.RulesCheck check = Responder.check(rulesFile);
        check.errors().forEach(p -> s.error("rules_file", "the response rules have an error: " + p));
        check.warnings().forEach(p -> s.warning("rules_file", "the response rules have a warning: " + p));
        if (!check.errors().isEmpty()) {
            return null;
        }
        Path auditFile = audit == null ? null : context.baseDir().resolve(audit);
        String kubeconfigFile = kubeconfig == null ? null : context.baseDir().resolve(kubeconfig).toString();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("rules_file", rulesFile.toString());
        d.put("dry_run", String.valueOf(dryRun));
        d.put("audit_file", auditFile == null ? "" : auditFile.toString());
        d.put("kubeconfig", kubeconfig == null ? "(fabric8's default: in-cluster, KUBECONFIG or ~/.kube/config)" : kubeconfig);
        return new ConfiguredResponse(rulesFile, dryRun, auditFile, kubeconfigFile, d);
    }
}
