package dev.kestrel.fields;

import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A built-in field class: its descriptors come from the catalogue table, its extractors from a map
 * of bindings by field name. A field without a binding is listed as unsupported and binds to an
 * accessor that never has a value, so rules using it still load.
 */
abstract class CatalogueFieldClass implements FieldClass {

    /** Builds the accessor of one field for one argument, at compile time. */
    @FunctionalInterface
    interface Binding {
        FieldAccessor bind(FieldRef ref) throws FieldBindException;
    }

    private final String name;
    private final String description;
    private final List<FieldDescriptor> fields;
    private final Map<String, Binding> bindings;

    CatalogueFieldClass(String name, String description, Map<String, Binding> bindings) {
        this.name = name;
        this.description = description;
        this.bindings = Map.copyOf(bindings);
        List<FieldDescriptor> list = new ArrayList<>();
        for (CatalogueTable.Row row : CatalogueTable.rows(name)) {
            list.add(row.describe(this.bindings.containsKey(row.name())));
        }
        this.fields = List.copyOf(list);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<FieldDescriptor> fields() {
        return fields;
    }

    @Override
    public final FieldAccessor bind(FieldRef ref) throws FieldBindException {
        Binding b = bindings.get(ref.descriptor().name());
        if (b == null) {
            return AbsentAccessor.of(ref);
        }
        return b.bind(ref);
    }
}
