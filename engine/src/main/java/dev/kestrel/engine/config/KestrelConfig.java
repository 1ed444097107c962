package dev.kestrel.engine.config;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.engine.output.TimeFormat;
import dev.kestrel.engine.runtime.AppendOutput;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.runtime.RuleSelection;
import dev.kestrel.engine.sink.AlertLineFormat;
import dev.kestrel.engine.sink.FileSink;
import dev.kestrel.engine.sink.StreamSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@code kestrel.yaml} read and checked: Falco's falco.yaml keys the engine applies (rules files,
 * priority, rule matching, JSON and time options, append_output, the alert queue, stdout and file
 * outputs), falcosidekick's {@code customfields}, and the output sections that providers on the class
 * path read ({@code http_output}, {@code loki}, {@code slack}, {@code webhook}, {@code webserver}).
 * Reading never throws for a bad file: the errors and warnings say what is wrong and where. Immutable.
 */
public final class KestrelConfig {

    /** A file output: Falco's {@code file_output}. */
    public record FileOutput(Path filename, boolean keepAlive) {
    }

    /** What one {@code rules:} item asks: enable or disable rules by name pattern or tag. */
    record Selection(boolean enable, String rule, String tag) {
        RuleSelection toRuleSelection() {
            if (rule != null) {
                return enable ? RuleSelection.enableName(rule) : RuleSelection.disableName(rule);
            }
            return enable ? RuleSelection.enableTag(tag) : RuleSelection.disableTag(tag);
        }
    }

    final String name;
    final List<Diagnostic> errors;
    final List<Diagnostic> warnings;
    final List<Path> rulesFiles;
    final List<Selection> selections;
    final Priority priority;
    final RuleMatching ruleMatching;
    final boolean jsonOutput;
    final AlertJson.Options json;
    final boolean iso8601;
    final List<AppendOutput> appendOutputs;
    final int queueCapacity;
    final boolean stdout;
    final FileOutput file;
    final Map<String, String> customFields;
    final List<ConfiguredOutput> outputs;

    KestrelConfig(ConfigReader r, List<Diagnostic> errors, List<Diagnostic> warnings) {
        this.name = r.name;
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.rulesFiles = List.copyOf(r.rulesFiles);
        this.selections = List.copyOf(r.selections);
        this.priority = r.priority;
        this.ruleMatching = r.ruleMatching;
        this.jsonOutput = r.jsonOutput;
        this.json = r.json;
        this.iso8601 = r.iso8601;
        this.appendOutputs = List.copyOf(r.appendOutputs);
        this.queueCapacity = r.queueCapacity;
        this.stdout = r.stdout;
        this.file = r.file;
        this.customFields = Map.copyOf(r.customFields);
        this.outputs = List.copyOf(r.outputs);
    }

    /** Reads {@code file} with the process environment for {@code ${VAR}}. */
    public static KestrelConfig read(Path file) {
        return read(file, System.getenv());
    }

    /** Reads {@code file}, taking {@code ${VAR}} values from {@code env}. */
    public static KestrelConfig read(Path file, Map<String, String> env) {
        return new ConfigReader(file.toString(), file.toAbsolutePath().getParent(), env,
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : KestrelConfig.class.getClassLoader())
                .readFile(file);
    }

    /** Reads config {@code text} called {@code name}; relative paths start at {@code baseDir}. */
    public static KestrelConfig parse(String name, String text, Path baseDir, Map<String, String> env) {
        return new ConfigReader(name, baseDir.toAbsolutePath(), env, KestrelConfig.class.getClassLoader()).readText(text);
    }

    /** True when the config has no errors. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** The errors, each with file, line and column. */
    public List<Diagnostic> errors() {
        return errors;
    }

    /** The warnings (Falco keys Kestrel ignores, sections turned off), each with its position. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** This config, or a {@link ConfigException} listing its errors. */
    public KestrelConfig orThrow() {
        if (!ok()) {
            throw new ConfigException(errors);
        }
        return this;
    }

    /** The rules files, absolute, in load order. */
    public List<Path> rulesFiles() {
        return rulesFiles;
    }

    public Priority priority() {
        return priority;
    }

    public RuleMatching ruleMatching() {
        return ruleMatching;
    }

    /** Falco's {@code json_output}: stdout, file and http_output write JSON alerts. */
    public boolean jsonOutput() {
        return jsonOutput;
    }

    /** Falco's {@code json_include_*_property} settings. */
    public AlertJson.Options json() {
        return json;
    }

    /** Falco's {@code outputs_queue.capacity} (0 in falco.yaml means Kestrel's default, 10,000). */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Whether {@code stdout_output} is on (the default when the section is absent). */
    public boolean stdoutEnabled() {
        return stdout;
    }

    /** The {@code file_output}, or null when off. */
    public FileOutput fileOutput() {
        return file;
    }

    /** falcosidekick's {@code customfields}, added to every alert the network outputs send. */
    public Map<String, String> customFields() {
        return customFields;
    }

    /** The outputs the provider sections configured (those turned on), in file order. */
    public List<ConfiguredOutput> outputs() {
        return outputs;
    }

    /** How alert lines are written to stdout and the file output: Falco's text line, or JSON with the chosen properties. */
    public Function<Alert, String> lines() {
        if (!jsonOutput) {
            return Alert::output;
        }
        AlertJson.Options options = json;
        return a -> AlertJson.toJson(a, options, Map.of());
    }

    /** Applies the config to {@code builder}, with alerts for {@code stdout_output} going to standard output. */
    public KestrelBuilder applyTo(KestrelBuilder builder) {
        return applyTo(builder, System.out);
    }

    /**
     * Applies the config to {@code builder}: rules files, selections, options, stdout (to {@code stdout},
     * never closed) and file sinks, and the configured outputs (started at build).
     *
     * @throws ConfigException when the config has errors
     * @throws UncheckedIOException when the file output cannot be opened
     */
    public KestrelBuilder applyTo(KestrelBuilder builder, OutputStream stdout) {
        return applyTo(builder, stdout, o -> true);
    }

    /**
     * Same as {@link #applyTo(KestrelBuilder, OutputStream)}, adding only the configured outputs
     * {@code include} accepts; a host opens the others itself (the CLI its response section).
     *
     * @throws ConfigException when the config has errors
     * @throws UncheckedIOException when the file output cannot be opened
     */
    public KestrelBuilder applyTo(KestrelBuilder builder, OutputStream stdout, Predicate<ConfiguredOutput> include) {
        orThrow();
        builder.rules(rulesFiles.toArray(Path[]::new));
        selections.forEach(s -> builder.select(s.toRuleSelection()));
        builder.minimumPriority(priority).ruleMatching(ruleMatching)
                .timeFormat(iso8601 ? TimeFormat.ISO_8601 : TimeFormat.CLOCK)
                .alertQueue(queueCapacity, Duration.ofMillis(100));
        appendOutputs.forEach(builder::appendOutput);
        AlertLineFormat format = jsonOutput ? AlertLineFormat.JSON : AlertLineFormat.TEXT;
        if (this.stdout) {
            builder.sink(StreamSink.of("stdout", stdout, format, lines()));
        }
        if (file != null) {
            try {
                builder.sink(new FileSink(file.filename(), lines()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the file output " + file.filename() + ": " + e.getMessage(), e);
            }
        }
        outputs.stream().filter(include).forEach(builder::output);
        return builder;
    }

    /** The effective settings, one {@code key: value} per line, secrets masked; what {@code kestrel config --check} prints. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("rules_files: " + (rulesFiles.isEmpty() ? "[] (Kestrel's default ruleset)" : rulesFiles.toString()));
        selections.forEach(s -> lines.add("rules: " + (s.enable() ? "enable " : "disable ")
                + (s.rule() != null ? "rule '" + s.rule() + "'" : "tag '" + s.tag() + "'")));
        lines.add("priority: " + priority.name().toLowerCase(Locale.ROOT));
        lines.add("rule_matching: " + ruleMatching.name().toLowerCase(Locale.ROOT));
        lines.add("json_output: " + jsonOutput);
        lines.add("json_include_output_property: " + json.output());
        lines.add("json_include_tags_property: " + json.tags());
        lines.add("json_include_message_property: " + json.message());
        lines.add("json_include_output_fields_property: " + json.outputFields());
        lines.add("time_format_iso_8601: " + iso8601);
        for (AppendOutput a : appendOutputs) {
            lines.add("append_output: match {source: '" + a.source() + "', tags: " + a.tags() + ", rule: '" + a.rule()
                    + "'} extra_output: '" + a.extraOutput() + "' extra_fields: "
                    + a.extraFields().stream().map(AppendOutput.ExtraField::key).toList());
        }
        lines.add("outputs_queue.capacity: " + queueCapacity);
        lines.add("stdout_output.enabled: " + stdout);
        lines.add("file_output.enabled: " + (file != null) + (file != null ? " (" + file.filename() + ")" : ""));
        lines.add("customfields: " + new TreeMap<>(customFields));
        for (ConfiguredOutput o : outputs) {
            lines.add(o.name() + ":");
            o.describe().forEach((k, v) -> lines.add("  " + k + ": " + v));
        }
        return lines;
    }

    @Override
    public String toString() {
        return "KestrelConfig[" + name + ", " + errors.size() + " error(s)]";
    }
}
