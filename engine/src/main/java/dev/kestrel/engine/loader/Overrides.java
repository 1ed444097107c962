package dev.kestrel.engine.loader;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code override:} map of an item: which keys it appends to and which it replaces. */
record Overrides(Set<String> append, Set<String> replace) {

    static final Overrides NONE = new Overrides(Set.of(), Set.of());

    boolean isEmpty() {
        return append.isEmpty() && replace.isEmpty();
    }

    /** Reads and validates {@code override:} against the keys that may be appended or replaced. */
    static Overrides read(YamlMap item, Set<String> appendable, Set<String> replaceable) {
        Node value = item.value("override");
        if (value == null) {
            return NONE;
        }
        YamlSource source = item.source();
        if (!(value instanceof MappingNode map)) {
            throw InvalidItem.yaml(source.spotOf(value),
                    "Value of 'override' must be a mapping of keys to 'append' or 'replace'");
        }
        Set<String> append = new LinkedHashSet<>();
        Set<String> replace = new LinkedHashSet<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode) || !(t.getValueNode() instanceof ScalarNode opNode)) {
                throw InvalidItem.yaml(source.spotOf(t.getKeyNode()),
                        "Each entry under 'override' must be a key and the word append or replace");
            }
            String key = keyNode.getValue();
            String operation = opNode.getValue();
            boolean canAppend = appendable.contains(key);
            boolean canReplace = replaceable.contains(key);
            if (operation.equals("append")) {
                if (!canAppend) {
                    throw InvalidItem.yaml(source.spotOf(keyNode),
                            "Key '" + key + "' cannot be appended to, use 'replace' instead");
                }
                append.add(key);
            } else if (operation.equals("replace")) {
                if (!canReplace) {
                    throw InvalidItem.yaml(source.spotOf(keyNode), "Key '" + key + "' cannot be replaced");
                }
                replace.add(key);
            } else {
                List<String> allowed = new ArrayList<>();
                if (canAppend) {
                    allowed.add("append");
                }
                if (canReplace) {
                    allowed.add("replace");
                }
                throw InvalidItem.yaml(source.spotOf(opNode), "Invalid override operation for key '" + key
                        + "': '" + operation + "'. Allowed values are: "
                        + (allowed.isEmpty() ? "none (the key cannot be overridden)" : String.join(", ", allowed)));
            }
        }
        return new Overrides(append, replace);
    }
}
