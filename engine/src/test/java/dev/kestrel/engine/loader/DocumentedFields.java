package dev.kestrel.engine.loader;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A field catalogue for tests, read from {@code documented-fields.tsv} (every documented field of
 * Falco's libs and container plugin), so the loader's checks are tested independently of the extractors.
 */
final class DocumentedFields implements FieldClass {

    private final List<FieldDescriptor> fields;

    private DocumentedFields(List<FieldDescriptor> fields) {
        this.fields = fields;
    }

    static FieldCatalogue catalogue() {
        List<FieldDescriptor> fields = new ArrayList<>();
        try (InputStream in = DocumentedFields.class.getResourceAsStream("/documented-fields.tsv")) {
            if (in == null) {
                throw new IllegalStateException("documented-fields.tsv is missing from the test resources");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Set<FieldFlag> flags = EnumSet.noneOf(FieldFlag.class);
                if (!cells[3].equals("-")) {
                    for (String flag : cells[3].split(",")) {
                        flags.add(FieldFlag.valueOf(flag));
                    }
                }
                fields.add(new FieldDescriptor(cells[0], FieldType.valueOf(cells[1]), ArgumentForm.valueOf(cells[2]),
                        flags, cells[4], true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FieldCatalogue.of(List.of(new DocumentedFields(fields)));
    }

    /** The documented fields include the container plugin's (its 0.6.0 release, as Kestrel's own). */
    @Override
    public Optional<FalcoPlugin> plugin() {
        return Optional.of(new FalcoPlugin("container", "0.6.0"));
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
