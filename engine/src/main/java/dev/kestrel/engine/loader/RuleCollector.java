package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.Collected.ListDef;
import dev.kestrel.engine.loader.Collected.MacroDef;
import dev.kestrel.engine.loader.Collected.RuleDef;
import dev.kestrel.engine.loader.RulesItem.EngineVersionItem;
import dev.kestrel.engine.loader.RulesItem.ExceptionEntry;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import dev.kestrel.engine.loader.RulesItem.ListItem;
import dev.kestrel.engine.loader.RulesItem.MacroItem;
import dev.kestrel.engine.loader.RulesItem.PluginRequirementItem;
import dev.kestrel.engine.loader.RulesItem.RuleFields;
import dev.kestrel.engine.loader.RulesItem.RuleItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies items in file order: definitions (a redefinition keeps the first one's position),
 * appends, overrides and enabled-only items, following Falco's rules on what must already exist.
 */
final class RuleCollector implements RulesFileReader.ItemSink {

    private final Map<String, ListDef> lists = new LinkedHashMap<>();
    private final Map<String, MacroDef> macros = new LinkedHashMap<>();
    private final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private final Map<String, Set<String>> broken = Map.of("list", new HashSet<>(), "macro", new HashSet<>(),
            "rule", new HashSet<>());
    private final List<PluginRequirementItem> pluginRequirements = new ArrayList<>();
    private final List<Integer> fileEnds = new ArrayList<>();
    private final Set<String> knownSources;
    private final FieldNames fields;
    private final Diagnostics diagnostics;
    private EngineVersion requiredEngineVersion;
    private int stamp;

    RuleCollector(Set<String> knownSources, FieldNames fields, Diagnostics diagnostics) {
        this.knownSources = Set.copyOf(knownSources);
        this.fields = fields;
        this.diagnostics = diagnostics;
    }

    /** Marks the end of a file: rules last changed in it see macros collected up to here. */
    void endFile() {
        fileEnds.add(stamp);
    }

    Map<String, ListDef> lists() {
        return lists;
    }

    Map<String, MacroDef> macros() {
        return macros;
    }

    Map<String, RuleDef> rules() {
        return rules;
    }

    /** Names of items of this kind whose last definition could not be read. */
    Set<String> brokenNames(String kind) {
        return broken.get(kind);
    }

    boolean isBroken(String kind, String name) {
        return broken.get(kind).contains(name);
    }

    EngineVersion requiredEngineVersion() {
        return requiredEngineVersion;
    }

    List<PluginRequirementItem> pluginRequirements() {
        return pluginRequirements;
    }

    /** The stamp below which macros are visible to {@code rule}'s condition. */
    int macroHorizon(RuleDef rule) {
        return rule.lastFile < fileEnds.size() ? fileEnds.get(rule.lastFile) : stamp;
    }

    @Override
    public void broken(String kind, String name) {
        broken.get(kind).add(name);
    }

    @Override
    public void accept(RulesItem item) {
        try {
            if (item instanceof EngineVersionItem v) {
                engineVersion(v);
            } else if (item instanceof PluginRequirementItem p) {
                pluginRequirements.add(p);
            } else if (item instanceof ListItem l) {
                list(l);
            } else if (item instanceof MacroItem m) {
                macro(m);
            } else if (item instanceof RuleItem r) {
                rule(r);
            }
        } catch (InvalidItem e) {
            diagnostics.add(e.diagnostic());
        }
    }

    private void engineVersion(EngineVersionItem item) {
        if (!EngineVersion.KESTREL.satisfies(item.version())) {
            throw InvalidItem.validate(item.spot(), "Rules require engine version " + item.version()
                    + ", but engine version is " + EngineVersion.KESTREL);
        }
        if (requiredEngineVersion == null || requiredEngineVersion.compareTo(item.version()) < 0) {
            requiredEngineVersion = item.version();
        }
    }

    private void list(ListItem item) {
        ListDef prev = lists.get(item.name());
        if (item.append()) {
            if (prev == null) {
                if (isBroken("list", item.name())) {
                    return;
                }
                throw InvalidItem.validate(item.spot(), "List uses 'append' or 'override.items: append' "
                        + "but no list by that name already exists");
            }
            prev.items.addAll(item.items());
            prev.visibility = stamp++;
            return;
        }
        ListDef def = prev != null ? prev : new ListDef(item.name(), stamp, item.spot());
        def.items.clear();
        def.items.addAll(item.items());
        def.visibility = stamp++;
        def.spot = item.spot();
        lists.put(item.name(), def);
    }

    private void macro(MacroItem item) {
        MacroDef prev = macros.get(item.name());
        if (item.append()) {
            if (prev == null) {
                if (isBroken("macro", item.name())) {
                    return;
                }
                throw InvalidItem.validate(item.spot(), "Macro uses 'append' or 'override.condition: append' "
                        + "but no macro by that name already exists");
            }
            prev.condition = joined(prev.condition, item.condition());
            prev.visibility = stamp++;
            return;
        }
        if (prev != null) {
            prev.condition = item.condition();
            prev.visibility = stamp++;
            prev.spot = item.spot();
        } else {
            macros.put(item.name(), new MacroDef(item.name(), item.condition(), stamp++, item.spot()));
        }
        broken.get("macro").remove(item.name());
    }

    private void rule(RuleItem item) {
        switch (item.kind()) {
            case DEFINE -> define(item);
            case LEGACY_APPEND -> append(item, Set.of("condition", "exceptions"));
            case OVERRIDE -> {
                if (!item.appendKeys().isEmpty()) {
                    append(item, item.appendKeys());
                }
                if (!item.replaceKeys().isEmpty()) {
                    replace(item);
                }
            }
            case ENABLE -> {
                RuleDef prev = target(item, "Rule has 'enabled' key but no rule by that name already exists");
                if (prev != null) {
                    prev.enabled = item.fields().enabled();
                }
            }
        }
    }

    private void define(RuleItem item) {
        RuleFields f = item.fields();
        RuleDef prev = rules.get(item.name());
        String source = f.source() != null ? f.source() : prev != null ? prev.source : "syscall";
        if (prev != null && !prev.source.equals(source)) {
            throw InvalidItem.validate(item.spot(), "Rule has been re-defined with a different source ('"
                    + source + "', was '" + prev.source + "')");
        }
        boolean unknownSource = !knownSources.contains(source);
        if (unknownSource) {
            diagnostics.warning(item.spot(), DiagnosticCode.LOAD_UNKNOWN_SOURCE, "Unknown source " + source + ", skipping");
        }
        ExceptionValidator validator = new ExceptionValidator(unknownSource ? null : fields);
        List<ExceptionSpec> exceptions = new ArrayList<>();
        for (ExceptionSpec ex : f.exceptions()) {
            exceptions.add(validator.validate(ex));
        }
        RuleDef def = new RuleDef(item.name(), prev != null ? prev.index : stamp, item.spot());
        def.visibility = stamp++;
        def.lastFile = fileEnds.size();
        def.condition = f.condition();
        def.output = f.output();
        def.desc = f.desc();
        def.priority = f.priority();
        def.tags.addAll(f.tags());
        def.enabled = f.enabled() == null || f.enabled();
        def.source = source;
        def.unknownSource = unknownSource;
        def.exceptions = exceptions;
        def.warnEvttypes = f.warnEvttypes() == null || f.warnEvttypes();
        def.skipIfUnknownFilter = Boolean.TRUE.equals(f.skipIfUnknownFilter());
        def.capture = Boolean.TRUE.equals(f.capture());
        def.captureDuration = f.captureDuration() == null ? 0 : f.captureDuration();
        rules.put(item.name(), def);
        broken.get("rule").remove(item.name());
    }

    private void append(RuleItem item, Set<String> keys) {
        RuleDef prev = target(item,
                "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists");
        if (prev == null) {
            return;
        }
        RuleFields f = item.fields();
        ExceptionValidator validator = new ExceptionValidator(prev.unknownSource ? null : fields);
        List<ExceptionSpec> merged = new ArrayList<>(prev.exceptions);
        if (keys.contains("exceptions") && f.exceptions() != null) {
            for (ExceptionSpec ex : f.exceptions()) {
                int at = indexOf(merged, ex.name());
                if (at < 0) {
                    if (ex.fields() == null) {
                        throw InvalidItem.validate(ex.spot(),
                                "Rule exception must have fields property with a list of fields");
                    }
                    if (ex.values() == null || ex.values().isEmpty()) {
                        throw InvalidItem.validate(ex.spot(),
                                "Rule exception must have values property with a list of values");
                    }
                    merged.add(validator.validate(ex));
                } else {
                    if (ex.fields() != null) {
                        throw InvalidItem.validate(ex.fields().spot(),
                                "Can not append exception fields to existing exception, only values");
                    }
                    if (ex.comps() != null) {
                        throw InvalidItem.validate(ex.comps().spot(),
                                "Can not append exception comps to existing exception, only values");
                    }
                    ExceptionSpec old = merged.get(at);
                    List<ExceptionEntry> values = new ArrayList<>();
                    if (old.values() != null) {
                        values.addAll(old.values());
                    }
                    if (ex.values() != null) {
                        validator.checkValues(old, ex.values());
                        values.addAll(ex.values());
                    }
                    merged.set(at, new ExceptionSpec(old.name(), old.fields(), old.comps(), values, old.spot()));
                }
            }
        }
        if (keys.contains("condition") && f.condition() != null) {
            prev.condition = joined(prev.condition, f.condition());
        }
        if (keys.contains("output") && f.output() != null) {
            prev.output = joined(prev.output, f.output());
        }
        if (keys.contains("desc") && f.desc() != null) {
            prev.desc = prev.desc + " " + f.desc();
        }
        if (keys.contains("tags") && f.tags() != null) {
            prev.tags.addAll(f.tags());
        }
        prev.exceptions = merged;
        prev.visibility = stamp++;
        prev.lastFile = fileEnds.size();
    }

    private void replace(RuleItem item) {
        RuleDef prev = target(item,
                "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists");
        if (prev == null) {
            return;
        }
        RuleFields f = item.fields();
        Set<String> keys = item.replaceKeys();
        if (keys.contains("exceptions")) {
            ExceptionValidator validator = new ExceptionValidator(prev.unknownSource ? null : fields);
            List<ExceptionSpec> replaced = new ArrayList<>();
            for (ExceptionSpec ex : f.exceptions()) {
                if (ex.fields() == null) {
                    throw InvalidItem.validate(ex.spot(),
                            "Rule exception must have fields property with a list of fields");
                }
                replaced.add(validator.validate(ex));
            }
            prev.exceptions = replaced;
        }
        if (keys.contains("condition")) {
            prev.condition = f.condition();
        }
        if (keys.contains("output")) {
            prev.output = f.output();
        }
        if (keys.contains("desc")) {
            prev.desc = f.desc();
        }
        if (keys.contains("tags")) {
            prev.tags = new TreeSet<>(f.tags());
        }
        if (keys.contains("priority")) {
            prev.priority = f.priority();
        }
        if (keys.contains("enabled")) {
            prev.enabled = f.enabled();
        }
        if (keys.contains("warn_evttypes")) {
            prev.warnEvttypes = f.warnEvttypes();
        }
        if (keys.contains("skip-if-unknown-filter")) {
            prev.skipIfUnknownFilter = f.skipIfUnknownFilter();
        }
        if (keys.contains("capture")) {
            prev.capture = f.capture();
        }
        if (keys.contains("capture_duration")) {
            prev.captureDuration = f.captureDuration();
        }
        prev.visibility = stamp++;
        prev.lastFile = fileEnds.size();
    }

    /** The rule an update applies to; null (nothing reported) when its definition was broken. */
    private RuleDef target(RuleItem item, String missingMessage) {
        RuleDef prev = rules.get(item.name());
        if (prev == null) {
            if (isBroken("rule", item.name())) {
                return null;
            }
            throw InvalidItem.validate(item.spot(), missingMessage);
        }
        String source = item.fields() == null ? null : item.fields().source();
        if (source != null && !source.equals(prev.source)) {
            // Falco: an append or override must not move a rule to another event source
            throw InvalidItem.validate(item.spot(), "Rule has been re-defined with a different source ('"
                    + source + "', was '" + prev.source + "')");
        }
        return prev;
    }

    private static int indexOf(List<ExceptionSpec> exceptions, String name) {
        for (int i = 0; i < exceptions.size(); i++) {
            if (exceptions.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Falco appends text with one blank between the old and the new part. */
    private static MappedText joined(MappedText before, MappedText after) {
        return new MappedText.Builder().append(before).append(" ", after.spotAt(0)).append(after).build();
    }
}
