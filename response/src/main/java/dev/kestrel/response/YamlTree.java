package dev.kestrel.response;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.loader.YamlMap;
import dev.kestrel.engine.loader.YamlSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads snakeyaml nodes of a response rules file as Talon does (scalars as their text, no YAML 1.1
 * typing), reporting each problem at its line and column: a duplicate key, a list where a value was
 * expected, a value that is not true or false. Not thread-safe; one per file read.
 */
final class YamlTree {

    static final DiagnosticCode PARSE = DiagnosticCode.LOAD_ERR_YAML_PARSE;
    static final DiagnosticCode INVALID = DiagnosticCode.LOAD_ERR_VALIDATE;
    static final DiagnosticCode UNKNOWN_KEY = DiagnosticCode.LOAD_UNKNOWN_KEY;

    /** Thrown to abandon one item after its error was reported. */
    static final class Abandon extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandon() {
            super(null, null, false, false);
        }
    }

    /** A mapping's entries by key, with the spots of keys and values. */
    final class Mapping {
        final Spot spot;
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final YamlMap lookup;

        Mapping(MappingNode node) {
            this.spot = source.spotOf(node);
            this.lookup = YamlMap.of(source, node); // the same first-key-wins entries, for positions
            Map<String, Spot> firstSeen = new HashMap<>();
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    error(source.spotOf(t.getKeyNode()), "a key must be a plain name, not a list or map");
                    continue;
                }
                Spot at = source.spotOf(key);
                Spot first = firstSeen.putIfAbsent(key.getValue(), at);
                if (first != null) {
                    error(at, "duplicate key '" + key.getValue() + "' (first at line " + first.line() + ", column "
                            + first.column() + ")");
                    continue;
                }
                entries.put(key.getValue(), t);
            }
        }

        boolean has(String key) {
            return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
        }

        Node value(String key) {
            return entries.containsKey(key) ? lookup.value(key) : null;
        }

        Spot keySpot(String key) {
            return lookup.keySpot(key);
        }

        Spot valueSpot(String key) {
            return lookup.valueSpot(key);
        }

        /** A non-empty text value; reported and abandoned when missing or not text. */
        String required(String key, String what) {
            String s = optional(key);
            if (s == null || s.isBlank()) {
                error(entries.containsKey(key) ? keySpot(key) : spot, what + " needs a non-empty '" + key + "'");
                throw new Abandon();
            }
            return s;
        }

        /** A text value, or null when absent or empty ({@code key:} alone). */
        String optional(String key) {
            Node v = value(key);
            if (v == null || isNull(v)) {
                return null;
            }
            if (!(v instanceof ScalarNode s)) {
                error(source.spotOf(v), "'" + key + "' must be a single value, not a list or map");
                throw new Abandon();
            }
            return s.getValue();
        }

        /** Talon's true/false settings (any case); null when absent. */
        Boolean bool(String key) {
            String s = optional(key);
            if (s == null) {
                return null;
            }
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> {
                    error(valueSpot(key), "'" + key + "' must be true or false, was '" + s + "'");
                    throw new Abandon();
                }
            };
        }

        /** A list of nodes; a single scalar counts as a list of one; empty when absent. */
        List<Node> list(String key) {
            Node v = value(key);
            if (v == null || isNull(v)) {
                return List.of();
            }
            if (v instanceof SequenceNode seq) {
                return seq.getValue();
            }
            if (v instanceof ScalarNode) {
                return List.of(v);
            }
            error(source.spotOf(v), "'" + key + "' must be a list");
            throw new Abandon();
        }

        /** Warns about every key not in {@code known}. */
        void warnUnknown(String what, Set<String> known, Set<String> unsupported) {
            for (String key : entries.keySet()) {
                if (unsupported.contains(key)) {
                    warning(keySpot(key), UNKNOWN_KEY, "'" + key + "' in " + what + " is not supported by Kestrel and is ignored");
                } else if (!known.contains(key)) {
                    warning(keySpot(key), UNKNOWN_KEY, "unknown key '" + key + "' in " + what + "; it is ignored");
                }
            }
        }
    }

    final YamlSource source;
    private final Consumer<Diagnostic> report;
    private int errors;

    YamlTree(YamlSource source, Consumer<Diagnostic> report) {
        this.source = source;
        this.report = report;
    }

    int errors() {
        return errors;
    }

    void error(Spot spot, String message) {
        errors++;
        report.accept(spot.error(INVALID, message));
    }

    void warning(Spot spot, DiagnosticCode code, String message) {
        report.accept(spot.warning(code, message));
    }

    /** The node as a mapping; reported and abandoned when it is not one. */
    Mapping mapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            error(source.spotOf(node), what + " must be a map of keys to values");
            throw new Abandon();
        }
        return new Mapping(m);
    }

    /** A scalar's text; reported and abandoned when the node is a list or map. */
    String text(Node node, String what) {
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            error(source.spotOf(node), what + " must be a single value");
            throw new Abandon();
        }
        return s.getValue();
    }

    /**
     * A parameter value: text, a list or a map of those (null for an empty value), with the spot of
     * every map key recorded under its dotted path.
     */
    Object plain(Node node) {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(plain(n)));
            return out;
        }
        Mapping m = new Mapping((MappingNode) node);
        Map<String, Object> out = new LinkedHashMap<>();
        m.entries.forEach((k, t) -> out.put(k, plain(t.getValueNode())));
        return out;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }
}
