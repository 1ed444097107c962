package dev.kestrel.testkit;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.YamlSource;
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
 * Typed reading of the snakeyaml nodes of one rule test file, where every wrong type, duplicate
 * or unknown key is a {@link Bad} pointing at the node. Stateless apart from the file it reads.
 */
final class YamlNodes {

    static final DiagnosticCode SCHEMA = DiagnosticCode.LOAD_ERR_YAML_VALIDATE;

    /** A problem at a node; the reader turns it into a diagnostic and goes on with the next item. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Diagnostic diagnostic;

        Bad(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }

    private final YamlSource source;

    YamlNodes(YamlSource source) {
        this.source = source;
    }

    YamlSource source() {
        return source;
    }

    Bad bad(Node at, DiagnosticCode code, String message) {
        return new Bad(source.spotOf(at).error(code, message));
    }

    static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** The entries of a mapping by key, refusing duplicate, non-scalar and unknown keys. */
    Map<String, NodeTuple> mapping(Node node, String what, Set<String> known) {
        if (!(node instanceof MappingNode m)) {
            throw bad(node, SCHEMA, what + " must be a mapping of keys to values");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw bad(t.getKeyNode(), SCHEMA, "a key of " + what + " must be a plain word");
            }
            if (entries.containsKey(key.getValue())) {
                throw bad(key, SCHEMA, "duplicate key '" + key.getValue() + "' in " + what);
            }
            if (known != null && !known.contains(key.getValue())) {
                throw bad(key, SCHEMA, "unknown key '" + key.getValue() + "' in " + what + suggest(key.getValue(), known));
            }
            entries.put(key.getValue(), t);
        }
        return entries;
    }

    static String suggest(String word, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best != null && bestDistance <= Math.max(2, word.length() / 3)) {
            return " (did you mean '" + best + "'?)";
        }
        return " (known: " + String.join(", ", known.stream().sorted().toList()) + ")";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A non-empty scalar's text. */
    String text(Node node, String what) {
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            throw bad(node, SCHEMA, what + " must be a text value");
        }
        if (s.getValue().isEmpty()) {
            throw bad(node, SCHEMA, what + " must not be empty");
        }
        return s.getValue();
    }

    /** A scalar's text, empty allowed (an argument may be ""). */
    String anyText(Node node, String what) {
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            throw bad(node, SCHEMA, what + " must be a text value");
        }
        return s.getValue();
    }

    boolean bool(Node node, String what) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("yes") || v.equals("on")) {
                return true;
            }
            if (v.equals("false") || v.equals("no") || v.equals("off")) {
                return false;
            }
        }
        throw bad(node, SCHEMA, what + " must be true or false");
    }

    long integer(Node node, String what, long min) {
        if (node instanceof ScalarNode s) {
            try {
                long v = Long.parseLong(s.getValue().trim());
                if (v >= min) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad(node, SCHEMA, what + " must be a whole number" + (min == 0 ? " (0 or more)" : min == 1 ? " (1 or more)" : ""));
    }

    /** A sequence's items (null: none). */
    List<Node> items(Node node, String what) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            throw bad(node, SCHEMA, what + " must be a list (- item, or [a, b])");
        }
        return seq.getValue();
    }

    List<String> texts(Node node, String what) {
        List<String> out = new ArrayList<>();
        for (Node item : items(node, what)) {
            out.add(anyText(item, "each item of " + what));
        }
        return out;
    }

    /** A mapping of text to text (labels, output fields). */
    Map<String, String> textMap(Node node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (isNull(node)) {
            return out;
        }
        for (Map.Entry<String, NodeTuple> e : mapping(node, what, null).entrySet()) {
            Node v = e.getValue().getValueNode();
            out.put(e.getKey(), isNull(v) ? "<NA>" : anyText(v, "the value of " + e.getKey()));
        }
        return out;
    }

    /** A node as a JSON value: objects, arrays, Long, Double, Boolean, null or String (by YAML type). */
    Object json(Node node) {
        if (node instanceof MappingNode) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : mapping(node, "an event", null).entrySet()) {
                out.put(e.getKey(), json(e.getValue().getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(json(n)));
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        if (Tag.NULL.equals(s.getTag())) {
            return null;
        }
        if (Tag.BOOL.equals(s.getTag())) {
            return bool(s, "a boolean");
        }
        if (Tag.INT.equals(s.getTag())) {
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw bad(node, SCHEMA, "'" + v + "' is not a whole number that fits in 64 bits");
            }
        }
        if (Tag.FLOAT.equals(s.getTag())) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }
}
