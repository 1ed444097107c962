package dev.kestrel.cli;

import dev.kestrel.core.Priority;
import dev.kestrel.core.spi.MetadataProvider;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.runtime.RulesLoadException;
import dev.kestrel.engine.sink.AlertLineFormat;
import dev.kestrel.engine.sink.StreamSink;
import dev.kestrel.response.ConfiguredResponse;
import dev.kestrel.response.Responder;
import dev.kestrel.response.ResponderBuilder;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options the alerting commands ({@code replay}, {@code watch}) share: which rules files, text or
 * JSON alerts, the minimum priority and the matching mode; and building the engine they describe.
 */
final class AlertOptions {

    /** A command-line mistake, reported with the command's usage. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String command;
    private final boolean allowAllMatches;
    private final List<String> rules = new ArrayList<>();
    private boolean json;
    private Priority minimum = Priority.DEBUG;
    private boolean minimumGiven;
    private RuleMatching matching = RuleMatching.FIRST;
    private boolean matchingGiven;
    private String config;
    private String responseRules;
    private boolean dryRun;
    private Responder responder;
    private final List<MetadataProvider> metadataProviders = new ArrayList<>();

    AlertOptions(String command, boolean allowAllMatches) {
        this.command = command;
        this.allowAllMatches = allowAllMatches;
    }

    /**
     * Consumes {@code args[i]} (and its value) if it is one of the shared options and returns the index
     * of the last word consumed, or -1 when it is not one of them.
     */
    int accept(List<String> args, int i) throws UsageException {
        String a = args.get(i);
        switch (a) {
            case "--rules", "-r" -> {
                rules.add(value(args, i, "--rules needs a file"));
                return i + 1;
            }
            case "--response" -> {
                responseRules = value(args, i, "--response needs a response rules file");
                return i + 1;
            }
            case "--dry-run" -> {
                dryRun = true;
                return i;
            }
            case "--json" -> {
                json = true;
                return i;
            }
            case "--config", "-c" -> {
                config = value(args, i, "--config needs a kestrel.yaml file");
                return i + 1;
            }
            case "--min-priority" -> {
                String text = value(args, i, "--min-priority needs a priority");
                minimum = Priority.parse(text);
                minimumGiven = true;
                if (minimum == null) {
                    throw new UsageException("unknown priority '" + text
                            + "' (use emergency, alert, critical, error, warning, notice, informational or debug)");
                }
                return i + 1;
            }
            case "--all-matches" -> {
                if (!allowAllMatches) {
                    return -1;
                }
                matching = RuleMatching.ALL;
                matchingGiven = true;
                return i;
            }
            default -> {
                return -1;
            }
        }
    }

    private static String value(List<String> args, int i, String missing) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(missing);
        }
        return args.get(i + 1);
    }

    /** Adds a provider the engine built by {@link #build} asks about containers the events do not describe. */
    void metadataProvider(MetadataProvider provider) {
        metadataProviders.add(provider);
    }

    /**
     * Loads the rules (Kestrel's default ruleset when neither {@code --rules} nor a config's
     * {@code rules_files} name any) and builds an engine printing alerts to {@code out}, with the
     * config's outputs when {@code --config} was given; returns null after printing to {@code err} why
     * it could not.
     */
    Kestrel build(PrintStream out, PrintStream err, String nothingDone) {
        List<RulesSource> sources = RulesArguments.read(rules, err, command);
        if (sources == null) {
            return null;
        }
        KestrelBuilder builder = Kestrel.builder().metadataProviders(metadataProviders.toArray(MetadataProvider[]::new));
        KestrelConfig cfg = null;
        ConfiguredResponse configuredResponse = null;
        if (config != null) {
            cfg = KestrelConfig.read(Path.of(config));
            cfg.warnings().forEach(d -> err.println(d.format()));
            if (!cfg.ok()) {
                cfg.errors().forEach(d -> err.println(d.format()));
                err.println("kestrel " + command + ": the config has " + cfg.errors().size() + " error(s); " + nothingDone);
                return null;
            }
            if (json && !cfg.jsonOutput()) {
                err.println("kestrel " + command + ": --json is ignored with --config; set json_output: true in " + config);
            }
            configuredResponse = cfg.outputs().stream().filter(ConfiguredResponse.class::isInstance)
                    .map(ConfiguredResponse.class::cast).findFirst().orElse(null);
            if (configuredResponse != null && responseRules != null) {
                err.println("kestrel " + command + ": --response " + responseRules + " and the response section of " + config
                        + " both name response rules; give one of them; " + nothingDone);
                return null;
            }
            try {
                cfg.applyTo(builder, out, o -> !(o instanceof ConfiguredResponse));
            } catch (UncheckedIOException e) {
                err.println("kestrel " + command + ": " + e.getMessage() + "; " + nothingDone);
                return null;
            }
            builder.alertQueue(cfg.queueCapacity(), Duration.ofMinutes(1));
        } else {
            builder.sink(StreamSink.of("stdout", out, json ? AlertLineFormat.JSON : AlertLineFormat.TEXT))
                    .alertQueue(10_000, Duration.ofMinutes(1));
        }
        if (cfg == null || minimumGiven) {
            builder.minimumPriority(minimum);
        }
        if (cfg == null || matchingGiven) {
            builder.ruleMatching(matching);
        }
        if (sources.isEmpty() && (cfg == null || cfg.rulesFiles().isEmpty())) {
            builder.defaultRules();
        }
        sources.forEach(s -> builder.rulesText(s.name(), s.content()));
        ResponderBuilder response = responseRules != null ? Responder.builder().rules(Path.of(responseRules))
                : configuredResponse != null ? configuredResponse.responderBuilder() : null;
        if (response != null) {
            if (dryRun) {
                response.dryRun(true);
            }
            responder = ResponseOption.open(response, responseRules != null, err, command, nothingDone);
            if (responder == null) {
                return null;
            }
            builder.sink(responder);
        } else if (dryRun) {
            err.println("kestrel " + command + ": --dry-run applies to response rules (--response FILE or the config's"
                    + " response section), and none were given; " + nothingDone);
            return null;
        }
        try {
            return builder.build();
        } catch (RulesLoadException e) {
            e.errors().forEach(d -> err.println(d.format()));
            err.println("kestrel " + command + ": the rules have " + e.errors().size() + " error(s); " + nothingDone);
            if (responder != null) {
                responder.close();
            }
            return null;
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("kestrel " + command + ": " + e.getMessage() + "; " + nothingDone);
            if (responder != null) {
                responder.close();
            }
            return null;
        }
    }

    /** After the engine closed: the response summary on {@code err}, when response rules were given (option or config). */
    void printResponseSummary(PrintStream err) {
        if (responder != null) {
            ResponseOption.printSummary(responder.counters(), err);
        }
    }
}
