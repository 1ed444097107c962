package dev.kestrel.engine.loader;

import dev.kestrel.core.text.Utf8Cut;
import dev.kestrel.engine.loader.RulesItem.EngineVersionItem;
import dev.kestrel.engine.loader.RulesItem.ListItem;
import dev.kestrel.engine.loader.RulesItem.MacroItem;
import dev.kestrel.engine.loader.RulesItem.PluginRequirementItem;
import dev.kestrel.engine.loader.RulesItem.PluginVersion;
import dev.kestrel.engine.yaml.StrictYaml;
import dev.kestrel.engine.yaml.YamlProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns one rules file into {@link RulesItem}s, in file order, with snakeyaml's node API so every
 * item keeps its position. Scalars are read as their source text. A broken item is reported and
 * skipped; the following items are still read.
 */
final class RulesFileReader {

    /** What receives the items read, in order. */
    interface ItemSink {
        void accept(RulesItem item);

        /** An item named {@code name} of this kind ("list", "macro", "rule") could not be read. */
        void broken(String kind, String name);
    }

    private static final List<String> KINDS =
            List.of("required_engine_version", "required_plugin_versions", "list", "macro", "rule");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "required_engine_version", Set.of("required_engine_version"),
            "required_plugin_versions", Set.of("required_plugin_versions"),
            "list", Set.of("list", "items", "append", "override"),
            "macro", Set.of("macro", "condition", "append", "override"),
            "rule", RuleItemReader.KEYS);
    private static final Pattern MACRO_NAME = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*");
    private static final Pattern LIST_NAME = Pattern.compile("[^()\"'\\s=,]+");

    private final LoaderLimits limits;
    private final Diagnostics diagnostics;
    private final RuleItemReader rules;

    RulesFileReader(LoaderLimits limits, Diagnostics diagnostics) {
        this.limits = limits;
        this.diagnostics = diagnostics;
        this.rules = new RuleItemReader(diagnostics);
    }

    /** Reads {@code file}; returns false when the file is not YAML at all (nothing was read). */
    boolean read(RulesSource file, ItemSink sink) {
        if (Utf8Cut.exceeds(file.content(), limits.maxFileBytes())) {
            diagnostics.error(new Spot(file.name(), 1, 1), DiagnosticCode.LOAD_ERR_YAML_PARSE, "The file is larger than the "
                    + limits.maxFileBytes() + " bytes allowed (the limit maxRulesFileBytes)");
            return false;
        }
        YamlSource source = new YamlSource(file.name(), file.content());
        List<Node> documents = compose(file, source);
        if (documents == null) {
            return false;
        }
        boolean duplicates = false;
        for (Node doc : documents) {
            for (YamlProblem p : StrictYaml.duplicateKeys(file.name(), doc)) {
                diagnostics.error(new Spot(p.file(), p.line(), p.column()), DiagnosticCode.LOAD_ERR_YAML_PARSE, p.message());
                duplicates = true;
            }
        }
        if (duplicates) {
            return false;
        }
        for (Node doc : documents) {
            if (doc == null || YamlMap.isNull(doc)) {
                continue;
            }
            if (!(doc instanceof SequenceNode seq)) {
                diagnostics.error(source.spotOf(doc), DiagnosticCode.LOAD_ERR_YAML_VALIDATE, doc instanceof MappingNode
                        ? "Rules content is not yaml array of objects"
                        : "Rules content is not yaml: expected a sequence of items");
                continue;
            }
            for (Node element : seq.getValue()) {
                if (YamlMap.isNull(element)) {
                    continue;
                }
                readElement(source, element, sink);
            }
        }
        return true;
    }

    private List<Node> compose(RulesSource file, YamlSource source) {
        YamlLimits bounds = new YamlLimits(Math.max(limits.maxFileBytes(), 1), limits.maxYamlDepth(), limits.maxYamlAliases());
        return YamlDocuments.compose(source, file.content(), bounds, DiagnosticCode.LOAD_ERR_YAML_PARSE, diagnostics::add);
    }

    private void readElement(YamlSource source, Node element, ItemSink sink) {
        if (!(element instanceof MappingNode mapping)) {
            diagnostics.error(source.spotOf(element), DiagnosticCode.LOAD_ERR_YAML_VALIDATE,
                    "Unexpected element type. Each element should be a yaml associative array.");
            return;
        }
        YamlMap item = new YamlMap(source, mapping);
        String kind = KINDS.stream().filter(item::has).findFirst().orElse(null);
        if (kind == null) {
            diagnostics.warning(item.spot(), DiagnosticCode.LOAD_UNKNOWN_ITEM, "Unknown top level item"
                    + (item.keys().isEmpty() ? "" : " '" + item.keys().iterator().next() + "'")
                    + "; it is ignored");
            return;
        }
        warnUnknownKeys(item, kind);
        String name = null;
        try {
            switch (kind) {
                case "required_engine_version" -> sink.accept(engineVersion(item));
                case "required_plugin_versions" -> pluginVersions(item, sink);
                case "list" -> {
                    name = item.string("list");
                    sink.accept(list(item, name));
                }
                case "macro" -> {
                    name = item.string("macro");
                    sink.accept(macro(item, name));
                }
                default -> {
                    name = item.string("rule");
                    sink.accept(rules.read(item, name));
                }
            }
        } catch (InvalidItem e) {
            diagnostics.add(e.diagnostic());
            if (name != null) {
                sink.broken(kind, name);
            }
        }
    }

    private void warnUnknownKeys(YamlMap item, String kind) {
        Set<String> known = KEYS.get(kind);
        for (String key : item.keys()) {
            if (!known.contains(key)) {
                diagnostics.warning(item.keySpot(key), DiagnosticCode.LOAD_UNKNOWN_KEY,
                        "Unknown key '" + key + "' in a " + kind.replace('_', ' ') + " item; it is ignored");
            }
        }
        for (Node key : item.nonScalarKeys()) {
            diagnostics.warning(item.source().spotOf(key), DiagnosticCode.LOAD_UNKNOWN_KEY,
                    "A key that is not a plain string is ignored");
        }
    }

    private static EngineVersionItem engineVersion(YamlMap item) {
        String text = item.string("required_engine_version");
        EngineVersion version = EngineVersion.parse(text);
        if (version == null) {
            throw InvalidItem.yaml(item.valueSpot("required_engine_version"), "Unable to parse engine version '"
                    + text + "' as a semver string. Expected \"x.y.z\" semver format.");
        }
        return new EngineVersionItem(version, item.valueSpot("required_engine_version"));
    }

    private static void pluginVersions(YamlMap item, ItemSink sink) {
        Node value = item.value("required_plugin_versions");
        YamlSource source = item.source();
        if (!(value instanceof SequenceNode seq)) {
            throw InvalidItem.yaml(source.spotOf(value), "Value of required_plugin_versions must be a sequence");
        }
        for (Node entry : seq.getValue()) {
            if (!(entry instanceof MappingNode mapping)) {
                throw InvalidItem.yaml(source.spotOf(entry), "Plugin version must be a mapping");
            }
            YamlMap plugin = new YamlMap(source, mapping);
            List<PluginVersion> alternatives = new ArrayList<>();
            alternatives.add(new PluginVersion(plugin.string("name"), plugin.string("version")));
            Node alts = plugin.value("alternatives");
            if (alts != null) {
                if (!(alts instanceof SequenceNode altSeq)) {
                    throw InvalidItem.yaml(source.spotOf(alts),
                            "Value of plugin version alternatives must be a sequence");
                }
                for (Node alt : altSeq.getValue()) {
                    if (!(alt instanceof MappingNode altMap)) {
                        throw InvalidItem.yaml(source.spotOf(alt), "Plugin version alternative must be a mapping");
                    }
                    YamlMap a = new YamlMap(source, altMap);
                    alternatives.add(new PluginVersion(a.string("name"), a.string("version")));
                }
            }
            for (int i = 0; i < alternatives.size(); i++) {
                PluginVersion p = alternatives.get(i);
                if (EngineVersion.parse(p.version()) == null || p.version().trim().matches("\\d+")) {
                    throw InvalidItem.validate(plugin.spot(), "Invalid required version '" + p.version()
                            + "' for plugin '" + p.name() + "'");
                }
                for (int j = 0; j < i; j++) {
                    if (alternatives.get(j).name().equals(p.name())) {
                        throw InvalidItem.validate(plugin.spot(),
                                "Defined multiple alternative version requirements for plugin '" + p.name() + "'");
                    }
                }
            }
            sink.accept(new PluginRequirementItem(alternatives, plugin.spot()));
        }
    }

    private ListItem list(YamlMap item, String name) {
        if (!LIST_NAME.matcher(name).matches()) {
            diagnostics.warning(item.spot(), DiagnosticCode.LOAD_INVALID_LIST_NAME, "List name '" + name
                    + "' is not valid: list names should have no blanks, quotes, parentheses, '=' or ','");
        }
        List<String> items = item.strings("items", true);
        boolean append = legacyAppend(item);
        Overrides overrides = Overrides.read(item, Set.of("items"), Set.of("items"));
        if (append && !overrides.isEmpty()) {
            throw InvalidItem.yaml(item.spot(), "Keys 'override' and 'append: true' cannot be used together");
        }
        return new ListItem(name, items, append || overrides.append().contains("items"), item.spot());
    }

    private MacroItem macro(YamlMap item, String name) {
        if (!MACRO_NAME.matcher(name).matches()) {
            diagnostics.warning(item.spot(), DiagnosticCode.LOAD_INVALID_MACRO_NAME, "Macro name '" + name
                    + "' is not valid: macro names should match [a-zA-Z]+[a-zA-Z0-9_]*");
        }
        MappedText condition = item.mappedString("condition");
        boolean append = legacyAppend(item);
        Overrides overrides = Overrides.read(item, Set.of("condition"), Set.of("condition"));
        if (append && !overrides.isEmpty()) {
            throw InvalidItem.yaml(item.spot(), "Keys 'override' and 'append: true' cannot be used together");
        }
        return new MacroItem(name, condition, append || overrides.append().contains("condition"), item.spot());
    }

    private boolean legacyAppend(YamlMap item) {
        boolean append = Boolean.TRUE.equals(item.optionalBool("append"));
        if (append) {
            diagnostics.warning(item.spot(), DiagnosticCode.LOAD_DEPRECATED_ITEM, "'append: true' is deprecated; "
                    + "list the key under 'override' instead (for example 'override: {items: append}')");
        }
        return append;
    }
}
