package dev.kestrel.engine.config;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.output.CatalogueFields;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.engine.output.OutputFormat;
import dev.kestrel.engine.output.OutputFormatException;
import dev.kestrel.engine.runtime.AppendOutput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads Falco's {@code append_output} (one string, or a list of entries with {@code match},
 * {@code extra_output} and {@code extra_fields}). Every format is compiled against the field
 * catalogue of the class path as it is read, so an unknown field is an error at the character of
 * the config where it is written, not at each rule the text would be appended to. Single use.
 */
final class AppendOutputReader {

    private final ClassLoader loader;
    private FieldLookup fields;

    /** Reads with the field classes {@code loader} finds. */
    AppendOutputReader(ClassLoader loader) {
        this.loader = loader;
    }

    /** The entries of {@code top}'s {@code append_output}, in file order; problems are recorded on {@code top}. */
    List<AppendOutput> read(ConfigNode top) {
        List<AppendOutput> out = new ArrayList<>();
        if (top.isScalar("append_output")) {
            String text = top.string("append_output", "");
            checkFormat(top, top.value("append_output"), text, 0, top.qualified("append_output"));
            out.add(AppendOutput.everywhere(text));
            return out;
        }
        for (ConfigNode entry : top.sections("append_output")) {
            out.add(readEntry(entry));
        }
        return out;
    }

    private AppendOutput readEntry(ConfigNode entry) {
        entry.checkKeys(Set.of("match", "extra_output", "extra_fields"), Set.of("suggested_output"));
        String source = "";
        Set<String> tags = Set.of();
        String rule = "";
        ConfigNode match = entry.section("match");
        if (match != null) {
            match.checkKeys(Set.of("source", "tags", "rule"), Set.of());
            source = match.string("source", "");
            tags = new LinkedHashSet<>(match.stringList("tags"));
            rule = match.string("rule", "");
        }
        String extraOutput = entry.string("extra_output", "");
        if (entry.has("extra_output")) {
            checkFormat(entry, entry.value("extra_output"), extraOutput, 0, entry.qualified("extra_output"));
        }
        List<AppendOutput.ExtraField> extraFields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String where = entry.qualified("extra_fields");
        for (ConfigNode.NamedItem item : entry.writtenNamedItems("extra_fields")) {
            if (!seen.add(item.name())) {
                entry.error("extra_fields", "'" + item.name() + "' is defined twice in '" + where + "'");
                continue;
            }
            AppendOutput.ExtraField field = item.value() == null ? AppendOutput.ExtraField.raw(item.name())
                    : AppendOutput.ExtraField.formatted(item.name(), item.value());
            // A raw field's format is "%" + the name written: the name starts one character later.
            String written = item.value() == null ? item.name() : item.value();
            int shift = item.value() == null ? 1 : 0;
            checkFormat(entry, item.written(), written, shift, where + " ('" + item.name() + "')");
            extraFields.add(field);
        }
        if (!rule.isEmpty() && !tags.isEmpty()) {
            entry.warning("match", "this append_output entry applies only to rule '" + rule
                    + "' and only if it carries all the tags " + tags);
        }
        return new AppendOutput(source, tags, rule, extraOutput, extraFields);
    }

    /**
     * Compiles {@code written} (as a raw field, "%" + it, when {@code shift} is 1) and records the
     * problem at its character in the config.
     */
    private void checkFormat(ConfigNode owner, Node node, String written, int shift, String what) {
        String format = shift == 1 ? "%" + written : written;
        try {
            OutputFormat.compile(format, fields());
        } catch (OutputFormatException e) {
            int offset = Math.max(0, e.column() - 1 - shift);
            owner.errorWithin(node, written, offset, "'" + what + "' is not a valid output format: " + e.getMessage());
        }
    }

    /** The class path's field catalogue, loaded when the first format is checked. */
    private FieldLookup fields() {
        if (fields == null) {
            FieldCatalogue catalogue = FieldCatalogue.load(loader);
            fields = new CatalogueFields(catalogue, catalogue.binder());
        }
        return fields;
    }
}
