package dev.kestrel.response;

import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code response:} section of {@code kestrel.yaml}, read and checked, not yet started. A host
 * that wants the action records itself (the CLI prints them) calls {@link #responderBuilder()}, adds
 * its listener and leaves this output out of {@code KestrelConfig.applyTo}. Immutable, thread-safe.
 */
public final class ConfiguredResponse implements ConfiguredOutput {

    private final Path rulesFile;
    private final boolean dryRun;
    private final Path auditFile;
    private final String kubeconfig;
    private final Map<String, String> describe;

    ConfiguredResponse(Path rulesFile, boolean dryRun, Path auditFile, String kubeconfig, Map<String, String> describe) {
        this.rulesFile = rulesFile;
        this.dryRun = dryRun;
        this.auditFile = auditFile;
        this.kubeconfig = kubeconfig;
        this.describe = Map.copyOf(describe);
    }

    /** The response rules file, absolute or relative to the working directory; never null. */
    public Path rulesFile() {
        return rulesFile;
    }

    /** A new builder with the section's rules file, dry run, audit file and kubeconfig; each call gives a fresh one. */
    public ResponderBuilder responderBuilder() {
        ResponderBuilder builder = Responder.builder().rules(rulesFile).dryRun(dryRun);
        if (auditFile != null) {
            builder.auditFile(auditFile);
        }
        if (kubeconfig != null) {
            builder.setting("kubeconfig", kubeconfig);
        }
        return builder;
    }

    @Override
    public String name() {
        return "response";
    }

    @Override
    public Map<String, String> describe() {
        return describe;
    }

    @Override
    public AlertSink open(OutputContext ignored) {
        return responderBuilder().build();
    }
}
