package dev.kestrel.fields;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in field table ({@code catalogue.tsv}: class, name, type, argument form, flags,
 * description), one row per field of Falco's syscall field classes and of the container plugin.
 */
final class CatalogueTable {

    /** The Falco plugin the container and k8s classes stand for, at the release their fields follow. */
    static final FalcoPlugin CONTAINER_PLUGIN =
            new FalcoPlugin("container", "0.6.0");

    /** One row before the owning class says whether it extracts the field. */
    record Row(String fieldClass, String name, FieldType type, ArgumentForm argument, Set<FieldFlag> flags,
               String description) {
        FieldDescriptor describe(boolean supported) {
            return new FieldDescriptor(name, type, argument, flags, description, supported);
        }
    }

    private static final List<Row> ROWS = read();

    private CatalogueTable() {
    }

    /** The rows of one class, in table order. */
    static List<Row> rows(String fieldClass) {
        List<Row> out = new ArrayList<>();
        for (Row r : ROWS) {
            if (r.fieldClass().equals(fieldClass)) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Row> read() {
        try (InputStream in = CatalogueTable.class.getResourceAsStream("catalogue.tsv")) {
            if (in == null) {
                throw new IllegalStateException("catalogue.tsv missing from the kestrel-fields jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                Set<FieldFlag> flags = EnumSet.noneOf(FieldFlag.class);
                for (String f : c[4].split(",")) {
                    if (!f.isEmpty()) {
                        flags.add(FieldFlag.valueOf(f));
                    }
                }
                rows.add(new Row(c[0], c[1], FieldType.valueOf(c[2]), ArgumentForm.valueOf(c[3]), flags, c[5]));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
