package dev.kestrel.engine.config;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.loader.LoaderLimits;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.loader.YamlDocuments;
import dev.kestrel.engine.loader.YamlLimits;
import dev.kestrel.engine.loader.YamlSource;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.engine.runtime.AppendOutput;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one config file into a {@link KestrelConfig}, recording every problem with its position. Single use. */
final class ConfigReader {

    /** A config larger than this is refused: 4 MiB of text. */
    static final int MAX_CONFIG_CHARS = 4 << 20;

    final String name;
    private final Path baseDir;
    private final Map<String, String> env;
    private final ClassLoader loader;
    private final ConfigProblems problems = new ConfigProblems();

    final List<Path> rulesFiles = new ArrayList<>();
    final List<KestrelConfig.Selection> selections = new ArrayList<>();
    Priority priority = Priority.DEBUG;
    RuleMatching ruleMatching = RuleMatching.FIRST;
    boolean jsonOutput;
    AlertJson.Options json = AlertJson.Options.DEFAULTS;
    boolean iso8601;
    final List<AppendOutput> appendOutputs = new ArrayList<>();
    int queueCapacity = 10_000;
    boolean stdout = true;
    KestrelConfig.FileOutput file;
    Map<String, String> customFields = Map.of();
    final List<ConfiguredOutput> outputs = new ArrayList<>();

    ConfigReader(String name, Path baseDir, Map<String, String> env, ClassLoader loader) {
        this.name = name;
        this.baseDir = baseDir;
        this.env = env;
        this.loader = loader;
    }

    KestrelConfig readFile(Path path) {
        String text;
        try {
            // Devices, pipes and directories are refused by type, a large file by size, before reading.
            text = BoundedTextFile.read(path, MAX_CONFIG_CHARS, "config file",
                    "of " + (MAX_CONFIG_CHARS >> 20) + " MiB for config files");
        } catch (NoSuchFileException e) {
            return fail("no such config file");
        } catch (IOException e) {
            return fail("cannot read the config file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return readText(text);
    }

    private KestrelConfig fail(String message) {
        problems.error(new Spot(name, 1, 1), ConfigProblems.READ, message);
        return done();
    }

    KestrelConfig readText(String text) {
        YamlSource source = new YamlSource(name, text);
        Node root = compose(text, source);
        if (root == null) {
            return done();
        }
        if (!(root instanceof MappingNode)) {
            if (!ConfigNode.isNull(root)) {
                problems.error(source.spotOf(root), ConfigProblems.WRONG_TYPE,
                        "a config file must be a mapping of keys (like falco.yaml), not a list or a plain value");
            }
            return done();
        }
        ConfigNode top = new ConfigNode(new ConfigNode.Document(source, problems, new EnvSubstitution(env)), "", root);
        Map<String, OutputSectionProvider> providers = new HashMap<>();
        for (OutputSectionProvider p : OutputSectionProvider.all(loader)) {
            providers.putIfAbsent(p.section(), p);
        }
        Set<String> known = new TreeSet<>(FalcoKeys.ENGINE);
        known.addAll(FalcoKeys.OPTIONAL.keySet());
        known.addAll(providers.keySet());
        top.checkKeys(known, FalcoKeys.NOT_IMPLEMENTED);
        readEngineKeys(top);
        ConfigContext context = new ConfigContext(baseDir, customFields, jsonOutput, json);
        for (String key : top.keys()) {
            if (FalcoKeys.ENGINE.contains(key) || !known.contains(key) || top.isEmpty(key)) {
                continue;
            }
            OutputSectionProvider provider = providers.get(key);
            ConfigNode section = top.section(key);
            if (section == null) {
                continue;
            }
            if (provider == null) {
                missingModule(top, section, key);
                continue;
            }
            ConfiguredOutput out = provider.read(section, context);
            if (out != null) {
                outputs.add(out);
            }
        }
        return done();
    }

    private void missingModule(ConfigNode top, ConfigNode section, String key) {
        if (section.has("enabled") && !section.bool("enabled", true)) {
            top.warning(key, "the '" + key + "' section is off and needs " + FalcoKeys.OPTIONAL.get(key)
                    + ", which is not on the class path; it is ignored");
            return;
        }
        problems.error(top.keySpot(key), ConfigProblems.MISSING_MODULE, "the '" + key + "' section needs "
                + FalcoKeys.OPTIONAL.get(key) + " (dev.kestrel:" + FalcoKeys.OPTIONAL.get(key)
                + ") on the class path, and it is not there; add the dependency or remove the section");
    }

    private KestrelConfig done() {
        return new KestrelConfig(this, problems.errors(), problems.warnings());
    }

    /** The config's one YAML document (null when there is none or it does not parse; errors reported). */
    private Node compose(String text, YamlSource source) {
        YamlLimits limits = new YamlLimits(MAX_CONFIG_CHARS, LoaderLimits.DEFAULTS.maxYamlDepth(),
                LoaderLimits.DEFAULTS.maxYamlAliases());
        List<Node> documents = YamlDocuments.compose(source, text, limits, ConfigProblems.YAML, problems::add);
        if (documents == null || documents.isEmpty()) {
            return null;
        }
        for (Node extra : documents.subList(1, documents.size())) {
            problems.error(source.spotOf(extra), ConfigProblems.YAML,
                    "a config file has one YAML document; this second one ('---') is not read");
        }
        return documents.get(0);
    }

    private void readEngineKeys(ConfigNode top) {
        readRulesFiles(top, top.has("rules_files") ? "rules_files" : "rules_file");
        for (ConfigNode item : top.sections("rules")) {
            readSelection(item);
        }
        String p = top.choice("priority", "debug", List.of("emergency", "alert", "critical", "error", "warning",
                "notice", "informational", "info", "debug"));
        priority = Priority.parse(p);
        ruleMatching = top.choice("rule_matching", "first", List.of("first", "all")).equals("all")
                ? RuleMatching.ALL : RuleMatching.FIRST;
        jsonOutput = top.bool("json_output", false);
        json = new AlertJson.Options(top.bool("json_include_output_property", true),
                top.bool("json_include_tags_property", true),
                top.bool("json_include_message_property", false),
                top.bool("json_include_output_fields_property", true));
        iso8601 = top.bool("time_format_iso_8601", false);
        appendOutputs.addAll(new AppendOutputReader(loader).read(top));
        ConfigNode queue = top.section("outputs_queue");
        if (queue != null) {
            queue.checkKeys(Set.of("capacity"), Set.of());
            long capacity = queue.number("capacity", 0, 0, 10_000_000);
            queueCapacity = capacity == 0 ? 10_000 : (int) capacity;
        }
        ConfigNode out = top.section("stdout_output");
        if (out != null) {
            out.checkKeys(Set.of("enabled"), Set.of());
            stdout = out.bool("enabled", true);
        }
        ConfigNode fileNode = top.section("file_output");
        if (fileNode != null) {
            fileNode.checkKeys(Set.of("enabled", "keep_alive", "filename"), Set.of());
            boolean keepAlive = fileNode.bool("keep_alive", false);
            String filename = fileNode.string("filename", "");
            if (fileNode.bool("enabled", false)) {
                if (filename.isBlank()) {
                    fileNode.error("filename", "'file_output.filename' must name the file alerts are appended to");
                } else {
                    file = new KestrelConfig.FileOutput(baseDir.resolve(filename).normalize(), keepAlive);
                }
            }
        }
        customFields = top.stringMap("customfields");
    }

    private void readRulesFiles(ConfigNode top, String key) {
        for (String f : top.stringList(key)) {
            Path p = baseDir.resolve(f).normalize();
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(x -> Files.isRegularFile(x)
                                    && (x.toString().endsWith(".yaml") || x.toString().endsWith(".yml")))
                            .sorted().forEach(rulesFiles::add);
                } catch (IOException e) {
                    top.error(key, "cannot list the rules folder " + p + ": " + e.getMessage());
                }
            } else {
                String problem = rulesFileProblem(p);
                if (problem == null) {
                    rulesFiles.add(p);
                } else {
                    top.error(key, "the rules file " + p + " " + problem);
                }
            }
        }
    }

    /** Why {@code path} cannot be a rules file (missing, a device, a pipe...), or null when it is a regular file. */
    private static String rulesFileProblem(Path path) {
        try {
            String kind = BoundedTextFile.irregularKind(path);
            return kind == null ? null : "is " + kind + ", not a rules file";
        } catch (NoSuchFileException e) {
            return "does not exist (paths are relative to the config file)";
        } catch (IOException e) {
            return "cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void readSelection(ConfigNode item) {
        item.checkKeys(Set.of("enable", "disable"), Set.of());
        if (item.keys().size() != 1) {
            item.error("", "each 'rules' item has exactly one of 'enable' or 'disable'");
            return;
        }
        String verb = item.keys().iterator().next();
        ConfigNode what = item.section(verb);
        if (what == null) {
            return;
        }
        what.checkKeys(Set.of("rule", "tag"), Set.of());
        String rule = what.string("rule", null);
        String tag = what.string("tag", null);
        if ((rule == null) == (tag == null)) {
            what.error("", "'" + what.path() + "' names exactly one of 'rule' (a name pattern) or 'tag'");
            return;
        }
        selections.add(new KestrelConfig.Selection(verb.equals("enable"), rule, tag));
    }
}
