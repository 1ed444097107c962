package dev.kestrel.engine.loader;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A field catalogue for tests, read from the tables of the shared {@code falco-fields.md}, so the
 * loader's checks are tested against every documented field independently of the extractors.
 */
final class DocumentedFields implements FieldClass {

    private final List<FieldDescriptor> fields;

    private DocumentedFields(List<FieldDescriptor> fields) {
        this.fields = fields;
    }

    static FieldCatalogue catalogue() {
        Path doc = dev.kestrel.core.testsupport.SharedFiles.sharedFile("docs/falco-fields.md");
        List<FieldDescriptor> fields = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        try {
            for (String line : Files.readAllLines(doc)) {
                if (!line.startsWith("| `")) {
                    continue;
                }
                String[] cells = line.split("\\|", -1);
                String name = cells[1].trim().replace("`", "");
                if (cells.length < 6 || !name.matches("[a-z0-9_.]+") || !seen.add(name)) {
                    continue;
                }
                fields.add(new FieldDescriptor(name, type(cells[2]), argument(cells[4]), flags(cells[5]),
                        cells[3].trim(), true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FieldCatalogue.of(List.of(new DocumentedFields(fields)));
    }

    /** The documented fields include the container plugin's (its 0.6.0 release, as Kestrel's own). */
    @Override
    public java.util.Optional<dev.kestrel.core.field.FalcoPlugin> plugin() {
        return java.util.Optional.of(new dev.kestrel.core.field.FalcoPlugin("container", "0.6.0"));
    }

    private static FieldType type(String cell) {
        String word = cell.trim().split("[ (]")[0].toUpperCase(Locale.ROOT);
        return FieldType.valueOf(word);
    }

    private static ArgumentForm argument(String cell) {
        String c = cell.trim();
        if (c.equals("no") || c.startsWith("optional suffix")) {
            return ArgumentForm.NONE;
        }
        if (c.contains("evt.arg.NAME")) {
            return ArgumentForm.NAME_OR_INDEX;
        }
        if (c.contains("suffix") || c.contains("evt.rawarg.NAME")) {
            return ArgumentForm.NAME_SUFFIX;
        }
        if (c.startsWith("optional `[N]` (0=self")) {
            return ArgumentForm.INDEX_OPTIONAL;
        }
        return c.startsWith("required") ? ArgumentForm.KEY_REQUIRED : ArgumentForm.KEY_OPTIONAL;
    }

    private static Set<FieldFlag> flags(String cell) {
        Set<FieldFlag> flags = EnumSet.noneOf(FieldFlag.class);
        if (cell.contains("filter-only")) {
            flags.add(FieldFlag.FILTER_ONLY);
        }
        if (cell.contains("output-only")) {
            flags.add(FieldFlag.OUTPUT_ONLY);
        }
        if (cell.contains("list-valued")) {
            flags.add(FieldFlag.LIST);
        }
        if (cell.contains("no val()")) {
            flags.add(FieldFlag.NO_RHS);
        }
        if (cell.contains("no transformers")) {
            flags.add(FieldFlag.NO_TRANSFORMER);
        }
        if (cell.contains("deprecated")) {
            flags.add(FieldFlag.DEPRECATED);
        }
        return flags;
    }

    @Override
    public String name() {
        return "documented";
    }

    @Override
    public List<FieldDescriptor> fields() {
        return fields;
    }

    @Override
    public FieldAccessor bind(FieldRef ref) throws FieldBindException {
        throw new FieldBindException("documented fields are for load checks only");
    }
}
