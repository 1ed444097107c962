package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.spi.MetadataProvider;
import dev.kestrel.engine.config.ConfigException;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.TimeFormat;
import dev.kestrel.engine.sink.AlertSinkProvider;
import dev.kestrel.fields.state.StateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Configures a {@link Kestrel} instance: rules, field classes, sinks and Falco's options. Mutable;
 * {@link #build()} loads and compiles the rules and starts alert delivery.
 */
public final class KestrelBuilder {

    /** The ruleset Kestrel ships in its jar. */
    public static final String DEFAULT_RULES_RESOURCE = "/dev/kestrel/rules/kestrel_rules.yaml";

    /** The name of the sink provider that kestrel-response registers. */
    static final String RESPONSE_PROVIDER = "response";

    /** A rules file to read at build and at every reload, or fixed rules text. */
    record RulesInput(Path path, RulesSource text) {
    }

    final List<RulesInput> rules = new ArrayList<>();
    final List<FieldClass> fieldClasses = new ArrayList<>();
    final List<AlertSink> sinks = new ArrayList<>();
    final List<RuleSelection> selections = new ArrayList<>();
    Priority minimumPriority = Priority.DEBUG;
    RuleMatching ruleMatching = RuleMatching.FIRST;
    TimeFormat timeFormat = TimeFormat.CLOCK;
    ZoneId zone = ZoneId.systemDefault();
    String hostname;
    KestrelLimits limits = KestrelLimits.DEFAULTS;
    EventForm eventForm = EventForm.SYSCALL;
    final List<AppendOutput> appendOutputs = new ArrayList<>();
    final List<ConfiguredOutput> configuredOutputs = new ArrayList<>();
    boolean logReloadFailures = true;
    final List<MetadataProvider> metadataProviders = new ArrayList<>();
    Executor metadataExecutor = ForkJoinPool.commonPool();
    Function<KestrelBuilder, Parts> parts = StandardParts::new;

    KestrelBuilder() {
    }

    /** Adds rules files, read now and again at every {@link Kestrel#reload()}, in the order given. */
    public KestrelBuilder rules(Path... files) {
        for (Path f : files) {
            rules.add(new RulesInput(Objects.requireNonNull(f, "file"), null));
        }
        return this;
    }

    /** Adds rules given as text; {@code name} stands for the file in error messages. */
    public KestrelBuilder rulesText(String name, String yaml) {
        rules.add(new RulesInput(null, new RulesSource(name, yaml)));
        return this;
    }

    /**
     * Kestrel's own default ruleset as text (named {@code kestrel_rules.yaml} in messages), for tools
     * that load rules themselves, such as a validator or a condition tester.
     */
    public static RulesSource defaultRulesSource() {
        return DefaultRules.source();
    }

    /** Adds Kestrel's own default ruleset (shipped in the jar) before the rules added after it. */
    public KestrelBuilder defaultRules() {
        rules.add(new RulesInput(null, DefaultRules.source()));
        return this;
    }

    /** Adds field classes (a host's own {@code myapp.*} fields) to those found through ServiceLoader. */
    public KestrelBuilder fieldClasses(FieldClass... classes) {
        fieldClasses.addAll(Arrays.asList(classes));
        return this;
    }

    /** Adds a sink; alerts go to every sink, in the order added. */
    public KestrelBuilder sink(AlertSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Adds a sink made by the {@link AlertSinkProvider} called {@code kind} ({@code stdout},
     * {@code file}, or one a host registered), configured by {@code options}.
     *
     * @throws IllegalArgumentException when no provider has that name or an option is wrong
     */
    public KestrelBuilder sink(String kind, Map<String, String> options) {
        AlertSinkProvider provider = AlertSinkProvider.find(kind, KestrelBuilder.class.getClassLoader());
        if (provider == null) {
            throw new IllegalArgumentException("no alert sink called '" + kind + "'; known: "
                    + AlertSinkProvider.all(KestrelBuilder.class.getClassLoader()).stream().map(AlertSinkProvider::name).toList());
        }
        try {
            return sink(provider.create(options));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot open the '" + kind + "' sink: " + e.getMessage(), e);
        }
    }

    /**
     * Adds response rules in Falco Talon's format read from {@code rulesFile}: alerts that match
     * them run the rules' actions (delete or label a pod, call a URL...) on their own queue, off the
     * event path. Needs the {@code dev.kestrel:kestrel-response} module on the class path, found
     * through the {@link AlertSinkProvider} called {@code response}.
     *
     * @throws IllegalArgumentException when kestrel-response is missing or the rules file has errors
     *                                  (each with file, line and column)
     */
    public KestrelBuilder response(Path rulesFile) {
        return response(rulesFile, false);
    }

    /**
     * Same as {@link #response(Path)}; with {@code dryRun} every action is recorded and none is run,
     * whatever the rules say.
     */
    public KestrelBuilder response(Path rulesFile, boolean dryRun) {
        Objects.requireNonNull(rulesFile, "rulesFile");
        if (AlertSinkProvider.find(RESPONSE_PROVIDER, KestrelBuilder.class.getClassLoader()) == null) {
            throw new IllegalArgumentException("response rules (" + rulesFile + ") need the kestrel-response module"
                    + " (dev.kestrel:kestrel-response) on the class path, and it is not there");
        }
        return sink(RESPONSE_PROVIDER, Map.of("rules_file", rulesFile.toString(), "dry_run", String.valueOf(dryRun)));
    }

    /** Falco's {@code priority}: rules less severe than this are not loaded. Default {@code debug} (all). */
    public KestrelBuilder minimumPriority(Priority minimum) {
        this.minimumPriority = Objects.requireNonNull(minimum, "minimum");
        return this;
    }

    /** Falco's {@code rule_matching}: {@link RuleMatching#FIRST} (default) or {@link RuleMatching#ALL}. */
    public KestrelBuilder ruleMatching(RuleMatching matching) {
        this.ruleMatching = Objects.requireNonNull(matching, "matching");
        return this;
    }

    /** Enables the rules whose name matches one of {@code patterns} ({@code *} is a wildcard). */
    public KestrelBuilder enableRules(String... patterns) {
        Arrays.stream(patterns).map(RuleSelection::enableName).forEach(selections::add);
        return this;
    }

    /** Disables the rules whose name matches one of {@code patterns} ({@code *} is a wildcard). */
    public KestrelBuilder disableRules(String... patterns) {
        Arrays.stream(patterns).map(RuleSelection::disableName).forEach(selections::add);
        return this;
    }

    /** Enables the rules carrying any of {@code tags}. */
    public KestrelBuilder enableTags(String... tags) {
        Arrays.stream(tags).map(RuleSelection::enableTag).forEach(selections::add);
        return this;
    }

    /** Disables the rules carrying any of {@code tags}. */
    public KestrelBuilder disableTags(String... tags) {
        Arrays.stream(tags).map(RuleSelection::disableTag).forEach(selections::add);
        return this;
    }

    /** Adds a selection step; steps apply in the order added, after each rule's own {@code enabled}. */
    public KestrelBuilder select(RuleSelection selection) {
        selections.add(Objects.requireNonNull(selection, "selection"));
        return this;
    }

    /** How the alert line's time is written (Falco's {@code time_format_iso_8601}); default clock time. */
    public KestrelBuilder timeFormat(TimeFormat format) {
        this.timeFormat = Objects.requireNonNull(format, "format");
        return this;
    }

    /** The zone of clock times in alert lines; default the system's. */
    public KestrelBuilder zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** The {@code hostname} of every alert; default this machine's name. */
    public KestrelBuilder hostname(String hostname) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        return this;
    }

    /**
     * Every bound on what the instance reads and keeps (rules files, state tables, alert output and
     * queue); default {@link KestrelLimits#DEFAULTS}. Replaces what {@link #alertQueue} and
     * {@link #stateLimits} set before.
     */
    public KestrelBuilder limits(KestrelLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Alert delivery: at most {@code capacity} alerts wait for the sinks, and {@code process} waits at
     * most {@code maxWait} for room before dropping (and counting) an alert. Default 10,000 and 100 ms.
     * A shortcut for the same two settings of {@link #limits}.
     */
    public KestrelBuilder alertQueue(int capacity, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("alert queue capacity must be at least 1, was " + capacity);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("alert queue maxWait must not be negative, was " + maxWait);
        }
        this.limits = limits.toBuilder().alertQueueAlerts(capacity).maxSinkWait(maxWait).build();
        return this;
    }

    /** Which kind of events the rules are compiled for at build and reload; default {@link EventForm#SYSCALL}. */
    public KestrelBuilder events(EventForm form) {
        this.eventForm = Objects.requireNonNull(form, "form");
        return this;
    }

    /**
     * Text added to the end of every rule's output, like Falco's {@code append_output}; for example
     * {@code "container_id=%container.id container_name=%container.name"}. Joined with one blank.
     */
    public KestrelBuilder appendOutput(String format) {
        return appendOutput(AppendOutput.everywhere(Objects.requireNonNull(format, "format")));
    }

    /** Adds one entry of Falco's {@code append_output} (selectors, extra output text, extra fields); entries apply in order. */
    public KestrelBuilder appendOutput(AppendOutput entry) {
        appendOutputs.add(Objects.requireNonNull(entry, "entry"));
        return this;
    }

    /** Adds an output read from a config file; it is started by {@link #build()} and closed with the engine. */
    public KestrelBuilder output(ConfiguredOutput output) {
        configuredOutputs.add(Objects.requireNonNull(output, "output"));
        return this;
    }

    /**
     * Applies a {@code kestrel.yaml} (Falco's falco.yaml keys plus falcosidekick's output sections):
     * rules files, priority, rule matching, JSON and time options, append_output, the alert queue,
     * stdout and file outputs, and every output section a provider on the class path reads.
     *
     * @throws ConfigException when the file cannot be read or has errors (each with file, line and column)
     */
    public KestrelBuilder config(Path file) {
        KestrelConfig.read(file).orThrow().applyTo(this);
        return this;
    }

    /**
     * Bounds of the process, fd, container, pod and user tables rebuilt from events; default
     * {@link StateLimits#DEFAULTS}. A flood of events slows Kestrel down but never grows past these.
     */
    public KestrelBuilder stateLimits(StateLimits limits) {
        this.limits = this.limits.toBuilder().state(Objects.requireNonNull(limits, "limits")).build();
        return this;
    }

    /**
     * Whether a failed {@link Kestrel#reload} is also logged (as a warning, with its errors); default
     * true. Turn it off when the caller reports the returned errors itself.
     */
    public KestrelBuilder logReloadFailures(boolean log) {
        this.logReloadFailures = log;
        return this;
    }

    /**
     * Adds providers asked about a container the event stream has not described (its name, image and
     * pod), off the event path; none by default. Until one answers, the container shows its id only.
     */
    public KestrelBuilder metadataProviders(MetadataProvider... providers) {
        for (MetadataProvider p : providers) {
            metadataProviders.add(Objects.requireNonNull(p, "provider"));
        }
        return this;
    }

    /** Where {@link #metadataProviders} lookups run; default the common fork-join pool. */
    public KestrelBuilder metadataExecutor(Executor executor) {
        this.metadataExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** Test seam: replaces the loader, compiler and state behind the runtime. */
    KestrelBuilder parts(Function<KestrelBuilder, Parts> parts) {
        this.parts = parts;
        return this;
    }

    /**
     * Loads and compiles the rules and starts alert delivery.
     *
     * @throws RulesLoadException when the rules have errors (each with file, line and column), or a
     *                            rules file cannot be read
     * @throws IllegalStateException when no rules were added
     */
    public Kestrel build() {
        return new Kestrel(this);
    }
}
