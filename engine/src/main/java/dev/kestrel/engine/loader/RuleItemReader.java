package dev.kestrel.engine.loader;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import dev.kestrel.engine.loader.RulesItem.Kind;
import dev.kestrel.engine.loader.RulesItem.RuleFields;
import dev.kestrel.engine.loader.RulesItem.RuleItem;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Reads a {@code - rule:} item in its four forms: definition, legacy append, override, enabled-only. */
final class RuleItemReader {

    static final Set<String> KEYS = Set.of("rule", "condition", "output", "desc", "priority", "source", "enabled",
            "tags", "exceptions", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration",
            "override", "append");
    static final Set<String> APPENDABLE = Set.of("condition", "output", "desc", "tags", "exceptions");
    static final Set<String> REPLACEABLE = Set.of("condition", "output", "desc", "priority", "tags", "exceptions",
            "enabled", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter");

    private final Diagnostics diagnostics;
    private final ExceptionReader exceptions;

    RuleItemReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.exceptions = new ExceptionReader(diagnostics);
    }

    RuleItem read(YamlMap item, String name) {
        Spot spot = item.spot();
        boolean legacyAppend = Boolean.TRUE.equals(item.optionalBool("append"));
        if (legacyAppend) {
            diagnostics.warning(spot, DiagnosticCode.LOAD_DEPRECATED_ITEM, "'append: true' is deprecated; "
                    + "list the key under 'override' instead (for example 'override: {condition: append}')");
        }
        Overrides overrides = Overrides.read(item, APPENDABLE, REPLACEABLE);
        if (legacyAppend && !overrides.isEmpty()) {
            throw InvalidItem.yaml(spot, "Keys 'override' and 'append: true' cannot be used together");
        }
        if (!overrides.isEmpty()) {
            return readOverride(item, name, overrides);
        }
        if (legacyAppend) {
            MappedText condition = item.has("condition") ? item.mappedString("condition") : null;
            List<ExceptionSpec> ex = item.has("exceptions") ? exceptions.read(item, true) : null;
            if (condition == null && ex == null) {
                throw InvalidItem.yaml(spot, "Appended rule must have exceptions or condition property");
            }
            RuleFields fields = new RuleFields(condition, null, null, null, null, null,
                    item.optionalString("source"), ex, null, null, null, null);
            return new RuleItem(name, Kind.LEGACY_APPEND, fields, Set.of(), Set.of(), spot);
        }
        if (!item.has("condition") && !item.has("output") && !item.has("desc") && !item.has("priority")) {
            Boolean enabled = item.optionalBool("enabled");
            if (enabled == null) {
                throw InvalidItem.yaml(spot, "Item has no mapping for key 'enabled' (a rule item without "
                        + "condition, output, desc and priority only changes 'enabled' of an existing rule)");
            }
            diagnostics.warning(spot, DiagnosticCode.LOAD_DEPRECATED_ITEM, "A rule item with only 'enabled' is deprecated; "
                    + "use 'override: {enabled: replace}' with it instead");
            RuleFields fields = new RuleFields(null, null, null, null, null, enabled, null, null,
                    null, null, null, null);
            return new RuleItem(name, Kind.ENABLE, fields, Set.of(), Set.of(), spot);
        }
        MappedText condition = item.mappedString("condition");
        MappedText output = item.mappedString("output").trim();
        String desc = item.string("desc");
        Priority priority = priority(item);
        String source = item.optionalString("source");
        RuleFields fields = new RuleFields(condition, output, desc, priority, tags(item),
                item.optionalBool("enabled"), source,
                exceptions.read(item, false), item.optionalBool("warn_evttypes"),
                item.optionalBool("skip-if-unknown-filter"), item.optionalBool("capture"), captureDuration(item));
        return new RuleItem(name, Kind.DEFINE, fields, Set.of(), Set.of(), spot);
    }

    private RuleItem readOverride(YamlMap item, String name, Overrides overrides) {
        Spot spot = item.spot();
        for (String key : overrides.append()) {
            if (!item.has(key)) {
                throw InvalidItem.yaml(spot, "An append override for '" + key + "' was specified but '" + key
                        + "' is not defined");
            }
        }
        for (String key : overrides.replace()) {
            if (!item.has(key)) {
                throw InvalidItem.yaml(spot, "A replace override for '" + key + "' was specified but '" + key
                        + "' is not defined");
            }
        }
        for (String key : item.keys()) {
            boolean overridable = APPENDABLE.contains(key) || REPLACEABLE.contains(key);
            if (overridable && !overrides.append().contains(key) && !overrides.replace().contains(key)) {
                throw InvalidItem.yaml(item.keySpot(key),
                        "Unexpected key '" + key + "': no corresponding entry under 'override' is defined.");
            }
        }
        MappedText condition = item.has("condition") ? item.mappedString("condition") : null;
        MappedText output = item.has("output") ? item.mappedString("output").trim() : null;
        RuleFields fields = new RuleFields(condition, output, item.optionalString("desc"),
                item.has("priority") ? priority(item) : null, item.has("tags") ? tags(item) : null,
                item.optionalBool("enabled"), item.optionalString("source"),
                item.has("exceptions") ? exceptions.read(item, true) : null,
                item.optionalBool("warn_evttypes"), item.optionalBool("skip-if-unknown-filter"),
                item.optionalBool("capture"), captureDuration(item));
        return new RuleItem(name, Kind.OVERRIDE, fields, overrides.append(), overrides.replace(), spot);
    }

    private static Priority priority(YamlMap item) {
        String text = item.string("priority");
        Priority p = Priority.parse(text);
        if (p == null) {
            throw InvalidItem.yaml(item.valueSpot("priority"), "Invalid priority '" + text + "' (expected one of "
                    + "emergency, alert, critical, error, warning, notice, informational, info, debug)");
        }
        return p;
    }

    private static SortedSet<String> tags(YamlMap item) {
        List<String> tags = item.strings("tags", false);
        return tags == null ? new TreeSet<>() : new TreeSet<>(tags);
    }

    private static Long captureDuration(YamlMap item) {
        String text = item.optionalString("capture_duration");
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw InvalidItem.yaml(item.valueSpot("capture_duration"),
                    "Can't decode YAML scalar value '" + text + "' of key 'capture_duration' as a number");
        }
    }
}
