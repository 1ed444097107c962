package dev.kestrel.engine.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read as Falco reads items: keys and scalars as their source text, booleans
 * interpreted here (not by YAML 1.1 typing), and every problem an {@link InvalidItem} that points
 * at the offending node.
 */
public final class YamlMap {

    private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "n");

    private final YamlSource source;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<Node> otherKeys = new ArrayList<>();

    /**
     * The entries of {@code node} (a mapping of {@code source}) by key, the first of duplicate keys
     * winning; for Kestrel's YAML readers (rules, config and response rules files).
     */
    public static YamlMap of(YamlSource source, MappingNode node) {
        return new YamlMap(source, node);
    }

    YamlMap(YamlSource source, MappingNode node) {
        this.source = source;
        this.node = node;
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                entries.putIfAbsent(key.getValue(), t); // the first of duplicate keys wins
            } else {
                otherKeys.add(t.getKeyNode());
            }
        }
    }

    YamlSource source() {
        return source;
    }

    Spot spot() {
        return source.spotOf(node);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** Keys that are not scalars (they can never be known keys). */
    List<Node> nonScalarKeys() {
        return otherKeys;
    }

    /** The value under {@code key}, or null when there is no such key. */
    public Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** Where {@code key} is written; the key must be present. */
    public Spot keySpot(String key) {
        return source.spotOf(entries.get(key).getKeyNode());
    }

    /** Where the value of {@code key} is written; the key must be present. */
    public Spot valueSpot(String key) {
        return source.spotOf(value(key));
    }

    /** Yaml-cpp's notion of null: absent text, {@code ~}, {@code null}. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** A required non-empty scalar, as text. */
    String string(String key) {
        ScalarNode s = scalar(key, true);
        return s.getValue();
    }

    /** An optional non-empty scalar, or null when absent. */
    String optionalString(String key) {
        ScalarNode s = scalar(key, false);
        return s == null ? null : s.getValue();
    }

    /** A required non-empty scalar with its text mapped into the file. */
    MappedText mappedString(String key) {
        return source.mapScalar(scalar(key, true));
    }

    MappedText optionalMappedString(String key) {
        ScalarNode s = scalar(key, false);
        return s == null ? null : source.mapScalar(s);
    }

    /** An optional boolean (true/false, yes/no, on/off, y/n in lower, Capitalised or UPPER case). */
    Boolean optionalBool(String key) {
        ScalarNode s = scalar(key, false);
        if (s == null) {
            return null;
        }
        Boolean b = parseBool(s.getValue());
        if (b == null) {
            throw InvalidItem.yaml(source.spotOf(s), "Can't decode YAML scalar value '" + s.getValue()
                    + "' of key '" + key + "' as a boolean (expected true or false)");
        }
        return b;
    }

    /**
     * Falco's (yaml-cpp's) booleans: true/false, yes/no, on/off, y/n in lower, Capitalised or UPPER
     * case; null for anything else.
     */
    public static Boolean parseBool(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean caseOk = text.equals(text.toLowerCase(Locale.ROOT)) || text.equals(text.toUpperCase(Locale.ROOT))
                || (Character.isUpperCase(text.charAt(0))
                        && text.substring(1).equals(text.substring(1).toLowerCase(Locale.ROOT)));
        if (!caseOk) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(t)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(t)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** A sequence of scalars; null when absent and optional. */
    List<String> strings(String key, boolean required) {
        Node v = value(key);
        if (v == null) {
            if (required) {
                throw InvalidItem.yaml(spot(), "Item has no mapping for key '" + key + "'");
            }
            return null;
        }
        if (!(v instanceof SequenceNode seq)) {
            if (!required && isNull(v)) {
                return List.of();
            }
            throw InvalidItem.yaml(source.spotOf(v), "Value of key '" + key + "' is not a sequence");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw InvalidItem.yaml(source.spotOf(item),
                        "Sequence value of key '" + key + "' is not a scalar");
            }
            out.add(s.getValue());
        }
        return out;
    }

    private ScalarNode scalar(String key, boolean required) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                throw InvalidItem.yaml(spot(), "Item has no mapping for key '" + key + "'");
            }
            return null;
        }
        Node v = t.getValueNode();
        if (isNull(v)) {
            throw InvalidItem.yaml(source.spotOf(t.getKeyNode()), "Mapping for key '" + key + "' is empty");
        }
        if (!(v instanceof ScalarNode s)) {
            throw InvalidItem.yaml(source.spotOf(v), "Value of key '" + key + "' is not a scalar value");
        }
        if (s.getValue().isEmpty()) {
            throw InvalidItem.yaml(source.spotOf(v), "Value of key '" + key + "' must be non-empty");
        }
        return s;
    }
}
