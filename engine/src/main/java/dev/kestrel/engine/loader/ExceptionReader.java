package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.RulesItem.ExceptionEntry;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a rule's {@code exceptions:} sequence; the checks that need other rules come later. */
final class ExceptionReader {

    private static final Set<String> KEYS = Set.of("name", "fields", "comps", "values");

    private final Diagnostics diagnostics;

    ExceptionReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The exceptions of {@code rule}, or an empty list; {@code appending} makes {@code fields} optional. */
    List<ExceptionSpec> read(YamlMap rule, boolean appending) {
        Node node = rule.value("exceptions");
        List<ExceptionSpec> out = new ArrayList<>();
        if (node == null || YamlMap.isNull(node)) {
            return out;
        }
        YamlSource source = rule.source();
        if (!(node instanceof SequenceNode seq)) {
            throw InvalidItem.yaml(source.spotOf(node), "Rule exceptions must be a sequence");
        }
        Set<String> names = new HashSet<>();
        for (Node exNode : seq.getValue()) {
            if (!(exNode instanceof MappingNode mapping)) {
                throw InvalidItem.yaml(source.spotOf(exNode), "Rule exception must be a mapping");
            }
            YamlMap ex = new YamlMap(source, mapping);
            String name = ex.string("name");
            Spot spot = ex.spot();
            for (String key : ex.keys()) {
                if (!KEYS.contains(key)) {
                    diagnostics.warning(ex.keySpot(key), DiagnosticCode.LOAD_UNKNOWN_KEY,
                            "Unknown key '" + key + "' in exception '" + name + "'; it is ignored");
                }
            }
            if (!names.add(name)) {
                diagnostics.warning(spot, DiagnosticCode.LOAD_EXCEPTION_NAME_NOT_UNIQUE,
                        "Multiple definitions of exception '" + name + "' in the same rule");
            }
            ExceptionEntry fields = entry(ex, "fields", !appending);
            ExceptionEntry comps = entry(ex, "comps", false);
            List<ExceptionEntry> values = null;
            Node valuesNode = ex.value("values");
            if (valuesNode != null) {
                if (!(valuesNode instanceof SequenceNode valueSeq)) {
                    throw InvalidItem.yaml(source.spotOf(valuesNode), "Rule exception values must be a sequence");
                }
                values = new ArrayList<>();
                for (Node v : valueSeq.getValue()) {
                    values.add(entry(source, v));
                }
            } else if (appending) {
                diagnostics.warning(spot, DiagnosticCode.LOAD_APPEND_NO_VALUES,
                        "Exception '" + name + "' is appended or overridden without values; it adds nothing");
            }
            out.add(new ExceptionSpec(name, fields, comps, values, spot));
        }
        return out;
    }

    private static ExceptionEntry entry(YamlMap ex, String key, boolean required) {
        Node node = ex.value(key);
        if (node == null) {
            if (required) {
                throw InvalidItem.yaml(ex.spot(), "Item has no mapping for key '" + key + "'");
            }
            return null;
        }
        return entry(ex.source(), node);
    }

    private static ExceptionEntry entry(YamlSource source, Node node) {
        Spot spot = source.spotOf(node);
        if (node instanceof ScalarNode s && !YamlMap.isNull(s)) {
            if (s.getValue().isEmpty()) {
                throw InvalidItem.yaml(spot, "Value must be non-empty");
            }
            return new ExceptionEntry.Scalar(s.getValue(), spot);
        }
        if (node instanceof SequenceNode seq) {
            List<ExceptionEntry> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(entry(source, item));
            }
            return new ExceptionEntry.Sequence(items, spot);
        }
        throw InvalidItem.yaml(spot, "Exception fields, comps and values must be strings or sequences of strings");
    }
}
