package dev.kestrel.engine.config;

import dev.kestrel.core.Priority;
import dev.kestrel.core.text.NameSuggester;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.loader.YamlMap;
import dev.kestrel.engine.loader.YamlSource;
import java.net.URI;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of a config file (the whole file, or a section such as {@code loki:}) with the
 * position of every key and value. Typed getters check the value, record an error with file, line,
 * column and a suggestion when it is wrong, and then return the default, so one read reports every
 * mistake. Strings have {@code ${ENV_VAR}} substituted. Not thread-safe; used while reading a config.
 */
public final class ConfigNode {

    /** Everything the nodes of one file share. */
    record Document(YamlSource source, ConfigProblems problems, EnvSubstitution env) {
    }

    private final Document doc;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    ConfigNode(Document doc, String path, Node node) {
        this.doc = doc;
        this.path = path;
        this.node = node;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    if (entries.putIfAbsent(key.getValue(), t) != null) {
                        doc.problems().error(doc.source().spotOf(key), ConfigProblems.BAD_VALUE,
                                "'" + qualified(key.getValue()) + "' appears twice; keep one");
                    }
                } else {
                    doc.problems().error(doc.source().spotOf(t.getKeyNode()), ConfigProblems.WRONG_TYPE,
                            "a key of '" + path + "' must be a plain name, not a list or mapping");
                }
            }
        }
    }

    /** The dotted name of this mapping, e.g. {@code loki} or {@code loki.customheaders}; empty for the file. */
    public String path() {
        return path;
    }

    /** Where this mapping starts. */
    public Spot spot() {
        return doc.source().spotOf(node);
    }

    /** The keys written, in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where {@code key} is written (or this mapping's start when it is absent). */
    public Spot keySpot(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? spot() : doc.source().spotOf(t.getKeyNode());
    }

    /** Where the value of {@code key} is written (or this mapping's start when it is absent). */
    public Spot valueSpot(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? spot() : doc.source().spotOf(t.getValueNode());
    }

    /**
     * Reports every key not in {@code known} as an error with the nearest known key as a suggestion,
     * and every key in {@code notImplemented} (Falco keys Kestrel reads but does not act on) as a warning.
     */
    public void checkKeys(Collection<String> known, Collection<String> notImplemented) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(notImplemented);
        for (String key : entries.keySet()) {
            if (notImplemented.contains(key)) {
                doc.problems().warning(keySpot(key), ConfigProblems.NOT_IMPLEMENTED,
                        "'" + qualified(key) + "' is a Falco setting Kestrel does not implement; it is ignored");
            } else if (!known.contains(key)) {
                String hint = NameSuggester.nearest(key, all).map(s -> " (did you mean '" + s + "'?)").orElse("");
                doc.problems().error(keySpot(key), ConfigProblems.UNKNOWN_KEY,
                        "unknown key '" + qualified(key) + "'" + hint + "; known keys here: " + String.join(", ", known));
            }
        }
    }

    /** Whether the value of {@code key} is a plain value (a string, number or boolean). */
    public boolean isScalar(String key) {
        Node v = value(key);
        return v instanceof ScalarNode && !isNull(v);
    }

    /** Whether {@code key} is written with a null value ({@code key:} with nothing after it). */
    public boolean isEmpty(String key) {
        Node v = value(key);
        return v != null && isNull(v);
    }

    /** The mapping under {@code key}, or null when absent or null; an error when it is not a mapping. */
    public ConfigNode section(String key) {
        Node v = value(key);
        if (v == null || isNull(v)) {
            return null;
        }
        if (!(v instanceof MappingNode)) {
            typeError(key, v, "a mapping (key: value lines, or {key: value})");
            return null;
        }
        return new ConfigNode(doc, qualified(key), v);
    }

    /** A string (a scalar, with {@code ${ENV}} substituted), or {@code dflt} when absent or null. */
    public String string(String key, String dflt) {
        ScalarNode s = scalar(key, "a string");
        if (s == null) {
            return dflt;
        }
        return substitute(s);
    }

    /** A boolean as Falco reads it (true/false, yes/no, on/off), or {@code dflt}. */
    public boolean bool(String key, boolean dflt) {
        ScalarNode s = scalar(key, "true or false");
        if (s == null) {
            return dflt;
        }
        Boolean b = YamlMap.parseBool(substitute(s));
        if (b == null) {
            error(key, "'" + qualified(key) + "' must be true or false, not '" + s.getValue() + "'");
            return dflt;
        }
        return b;
    }

    /** A whole number in {@code [min, max]} ({@code _} separators allowed), or {@code dflt}. */
    public long number(String key, long dflt, long min, long max) {
        ScalarNode s = scalar(key, "a whole number");
        if (s == null) {
            return dflt;
        }
        String text = substitute(s).replace("_", "");
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            error(key, "'" + qualified(key) + "' must be a whole number, not '" + s.getValue() + "'");
            return dflt;
        }
        if (n < min || n > max) {
            error(key, "'" + qualified(key) + "' must be between " + min + " and " + max + ", not " + n);
            return dflt;
        }
        return n;
    }

    /** One of {@code allowed} (compared ignoring case, returned as written in {@code allowed}), or {@code dflt}. */
    public String choice(String key, String dflt, Collection<String> allowed) {
        String text = string(key, null);
        if (text == null) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        String hint = NameSuggester.nearest(text, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
        error(key, "'" + qualified(key) + "' must be one of " + quotedList(allowed) + ", not '" + text + "'" + hint);
        return dflt;
    }

    /**
     * A rule priority as falcosidekick's {@code minimumpriority} reads it: empty or absent means
     * {@code debug} (everything); otherwise any spelling Falco accepts.
     */
    public Priority minimumPriority(String key) {
        String text = string(key, "");
        if (text.isBlank()) {
            return Priority.DEBUG;
        }
        Priority p = Priority.parse(text);
        if (p == null) {
            List<String> names = new ArrayList<>();
            for (Priority q : Priority.values()) {
                names.add(q.name().toLowerCase(Locale.ROOT));
            }
            String hint = NameSuggester.nearest(text.trim().toLowerCase(Locale.ROOT), names)
                    .map(s -> " (did you mean '" + s + "'?)").orElse("");
            error(key, "'" + qualified(key) + "' must be a priority (" + String.join(", ", names)
                    + ", or empty for all), not '" + text + "'" + hint);
            return Priority.DEBUG;
        }
        return p;
    }

    /**
     * An http or https URL with a host and, when it names one, a port from 1 to 65535; null when
     * absent or empty (an output with an empty address is off). A wrong URL is an error naming what
     * is wrong, without echoing secrets in it.
     */
    public URI url(String key) {
        return new UrlSetting(this, key).read();
    }

    /** A mapping of names to strings ({@code {X-Org: acme}}), empty when absent. */
    public Map<String, String> stringMap(String key) {
        Node v = value(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || isNull(v)) {
            return out;
        }
        if (!(v instanceof MappingNode m)) {
            typeError(key, v, "a mapping of names to values");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode val)) {
                doc.problems().error(doc.source().spotOf(t.getKeyNode()), ConfigProblems.WRONG_TYPE,
                        "each entry of '" + qualified(key) + "' must be 'name: value' with plain values");
                continue;
            }
            out.put(k.getValue(), isNull(val) ? "" : substitute(val));
        }
        return out;
    }

    /** A list of strings; a single string or a comma-separated string counts as a list. Empty when absent. */
    public List<String> stringList(String key) {
        Node v = value(key);
        List<String> out = new ArrayList<>();
        if (v == null || isNull(v)) {
            return out;
        }
        if (v instanceof ScalarNode s) {
            for (String part : substitute(s).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            typeError(key, v, "a list of strings");
            return out;
        }
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !isNull(s)) {
                out.add(substitute(s));
            } else {
                doc.problems().error(doc.source().spotOf(item), ConfigProblems.WRONG_TYPE,
                        "each item of '" + qualified(key) + "' must be a string");
            }
        }
        return out;
    }

    /** The items of a list of mappings ({@code - {a: b}}), empty when absent; each item's path is {@code key[i]}. */
    public List<ConfigNode> sections(String key) {
        Node v = value(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null || isNull(v)) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            typeError(key, v, "a list");
            return out;
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            if (item instanceof MappingNode) {
                out.add(new ConfigNode(doc, qualified(key) + "[" + i + "]", item));
            } else {
                doc.problems().error(doc.source().spotOf(item), ConfigProblems.WRONG_TYPE,
                        "each item of '" + qualified(key) + "' must be a mapping");
            }
            i++;
        }
        return out;
    }

    /**
     * One item of {@link #writtenNamedItems}: its name, its value (null for a plain string), and the
     * scalar written for it (the value's, or the plain string's).
     */
    record NamedItem(String name, String value, ScalarNode written) {
    }

    /**
     * The items of a list that may mix plain strings and one-entry mappings ({@code [a, {b: c}]}),
     * each as a {@code Map.Entry} whose value is null for a plain string. Empty when absent.
     */
    public List<Map.Entry<String, String>> namedItems(String key) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (NamedItem item : writtenNamedItems(key)) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(item.name(), item.value()));
        }
        return out;
    }

    /** As {@link #namedItems}, with the scalar each item was read from. */
    List<NamedItem> writtenNamedItems(String key) {
        Node v = value(key);
        List<NamedItem> out = new ArrayList<>();
        if (v == null || isNull(v)) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            typeError(key, v, "a list");
            return out;
        }
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !isNull(s)) {
                out.add(new NamedItem(substitute(s), null, s));
            } else if (item instanceof MappingNode m && m.getValue().size() == 1
                    && m.getValue().get(0).getKeyNode() instanceof ScalarNode k
                    && m.getValue().get(0).getValueNode() instanceof ScalarNode val) {
                out.add(new NamedItem(k.getValue(), substitute(val), val));
            } else {
                doc.problems().error(doc.source().spotOf(item), ConfigProblems.WRONG_TYPE,
                        "each item of '" + qualified(key) + "' must be a name or a one-entry mapping 'name: value'");
            }
        }
        return out;
    }

    /** Records an error about the value of {@code key} (at the value, or at this mapping when absent). */
    public void error(String key, String message) {
        doc.problems().error(valueSpot(key), ConfigProblems.BAD_VALUE, message);
    }

    /** Records a warning about {@code key}: a setting with a surprising effect. */
    public void warning(String key, String message) {
        doc.problems().warning(keySpot(key), ConfigProblems.ADVICE, message);
    }

    /**
     * Records an error at character {@code offset} of {@code value}, the text read from {@code written}
     * (at the scalar's start when {@code ${VAR}} substitution changed the text, so offsets do not match).
     */
    void errorWithin(Node written, String value, int offset, String message) {
        Spot at = written instanceof ScalarNode s && s.getValue().equals(value)
                ? doc.source().spotWithin(s, offset) : doc.source().spotOf(written);
        doc.problems().error(at, ConfigProblems.BAD_VALUE, message);
    }

    /** {@code path.key}, the name used in messages. */
    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    Node node() {
        return node;
    }

    Document document() {
        return doc;
    }

    private ScalarNode scalar(String key, String expected) {
        Node v = value(key);
        if (v == null || isNull(v)) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            typeError(key, v, expected);
            return null;
        }
        return s;
    }

    private String substitute(ScalarNode s) {
        try {
            return doc.env().apply(s.getValue());
        } catch (EnvSubstitution.Problem p) {
            Spot at = doc.source().spotOf(s);
            doc.problems().error(at, ConfigProblems.ENV, p.getMessage());
            return "";
        }
    }

    private void typeError(String key, Node v, String expected) {
        String found = v instanceof MappingNode ? "a mapping" : v instanceof SequenceNode ? "a list" : "a plain value";
        doc.problems().error(doc.source().spotOf(v), ConfigProblems.WRONG_TYPE,
                "'" + qualified(key) + "' must be " + expected + ", not " + found);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String quotedList(Collection<String> items) {
        Set<String> q = new LinkedHashSet<>();
        items.forEach(i -> q.add("'" + i + "'"));
        return String.join(", ", q);
    }
}
