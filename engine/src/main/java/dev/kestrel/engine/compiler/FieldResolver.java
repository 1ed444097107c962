package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.Resolution;

/** Turns a field as written in a condition into a catalogue reference, or a sentence saying why not. */
@FunctionalInterface
public interface FieldResolver {

    Resolution resolve(Operand.Field field);

    /** Resolution by the catalogue's names, arguments and dotted suffixes. */
    static FieldResolver of(FieldCatalogue catalogue) {
        return field -> catalogue.resolve(field.name(), field.argument());
    }
}
