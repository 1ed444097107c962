package dev.kestrel.engine.loader;

import dev.kestrel.core.Priority;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/** One top-level item of a rules file, as read from YAML and before it is collected. */
sealed interface RulesItem {

    /** Where the item starts. */
    Spot spot();

    /** {@code required_engine_version: N} or {@code "x.y.z"}. */
    record EngineVersionItem(EngineVersion version, Spot spot) implements RulesItem {
    }

    /** One entry of {@code required_plugin_versions}: a plugin and its alternatives. */
    record PluginRequirementItem(List<PluginVersion> alternatives, Spot spot) implements RulesItem {
    }

    /** A plugin name with the minimum version a rules file requires. */
    record PluginVersion(String name, String version) {
    }

    /** {@code - list:}; {@code append} for {@code append: true} or {@code override: {items: append}}. */
    record ListItem(String name, List<String> items, boolean append, Spot spot) implements RulesItem {
        public ListItem {
            items = List.copyOf(items);
        }
    }

    /** {@code - macro:}; {@code append} as for lists, on {@code condition}. */
    record MacroItem(String name, MappedText condition, boolean append, Spot spot) implements RulesItem {
    }

    /** {@code - rule:} in one of its four forms. */
    record RuleItem(String name, Kind kind, RuleFields fields, Set<String> appendKeys, Set<String> replaceKeys,
            Spot spot) implements RulesItem {
        public RuleItem {
            appendKeys = Set.copyOf(appendKeys);
            replaceKeys = Set.copyOf(replaceKeys);
        }
    }

    /** How a rule item changes the collected rules. */
    enum Kind {
        /** A full definition (or redefinition). */
        DEFINE,
        /** Deprecated {@code append: true}: appends condition and exceptions. */
        LEGACY_APPEND,
        /** {@code override:} with append/replace per key. */
        OVERRIDE,
        /** Deprecated form with only {@code enabled}. */
        ENABLE
    }

    /** The keys a rule item carries; null means the key was absent. */
    record RuleFields(
            MappedText condition,
            MappedText output,
            String desc,
            Priority priority,
            SortedSet<String> tags,
            Boolean enabled,
            String source,
            List<ExceptionSpec> exceptions,
            Boolean warnEvttypes,
            Boolean skipIfUnknownFilter,
            Boolean capture,
            Long captureDuration) {
    }

    /** One entry of a rule's {@code exceptions}. {@code values} is null when the key is absent. */
    record ExceptionSpec(String name, ExceptionEntry fields, ExceptionEntry comps, List<ExceptionEntry> values,
            Spot spot) {
    }

    /** {@code fields}, {@code comps} and each value are a scalar or a (nested) sequence. */
    sealed interface ExceptionEntry {
        Spot spot();

        record Scalar(String text, Spot spot) implements ExceptionEntry {
        }

        record Sequence(List<ExceptionEntry> items, Spot spot) implements ExceptionEntry {
            public Sequence {
                items = List.copyOf(items);
            }
        }
    }
}
