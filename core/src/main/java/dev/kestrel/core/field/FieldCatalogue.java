package dev.kestrel.core.field;

import java.util.List;

/**
 * Every field Kestrel knows, gathered from the {@link FieldClass}es on the class path (or given
 * explicitly). Resolves the field names written in conditions and outputs, with a suggestion for
 * misspellings.
 * TODO(fields issue): implementation.
 */
public final class FieldCatalogue {

    private final List<FieldClass> classes;

    private FieldCatalogue(List<FieldClass> classes) {
        this.classes = List.copyOf(classes);
    }

    /** The catalogue of the field classes found by {@link java.util.ServiceLoader}. */
    public static FieldCatalogue load(ClassLoader loader) {
        List<FieldClass> found = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(FieldClass.class, loader).forEach(found::add);
        return new FieldCatalogue(found);
    }

    public static FieldCatalogue of(List<FieldClass> classes) {
        return new FieldCatalogue(classes);
    }

    public List<FieldClass> classes() {
        return classes;
    }
}
