package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;

/** Turns a field as written in a condition into a catalogue reference; null when no field has that name. */
@FunctionalInterface
public interface FieldResolver {

    FieldRef resolve(Operand.Field field);

    /**
     * Resolution by the catalogue's descriptors: an exact name with its bracket argument, or the longest
     * field name followed by a dotted suffix for fields that take one ({@code evt.arg.name}).
     */
    static FieldResolver of(FieldCatalogue catalogue) {
        return field -> {
            FieldDescriptor best = null;
            String suffix = null;
            for (FieldClass c : catalogue.classes()) {
                for (FieldDescriptor d : c.fields()) {
                    if (d.name().equals(field.name())) {
                        return new FieldRef(d, field.argument());
                    }
                    boolean dotted = d.argument() == ArgumentForm.NAME_SUFFIX || d.argument() == ArgumentForm.NAME_OR_INDEX;
                    if (dotted && field.argument() == null && field.name().startsWith(d.name() + ".")
                            && (best == null || d.name().length() > best.name().length())) {
                        best = d;
                        suffix = field.name().substring(d.name().length() + 1);
                    }
                }
            }
            return best == null ? null : new FieldRef(best, suffix);
        };
    }
}
