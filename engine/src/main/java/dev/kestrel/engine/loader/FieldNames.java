package dev.kestrel.engine.loader;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldDescriptor;
import java.util.Collection;

/**
 * The loader's view of the field catalogue: resolves fields written in conditions, exceptions and
 * outputs ({@code proc.aname[2]}, {@code evt.arg.flags}, {@code k8s.pod.label[app]}), with the
 * catalogue's argument checks and "did you mean" suggestions.
 */
final class FieldNames {

    /** The outcome of resolving one field. */
    sealed interface Resolution {
        /** A known field; {@code argument} is the bracket text or the dotted suffix, or null. */
        record Found(FieldDescriptor descriptor, String argument) implements Resolution {
        }

        /**
         * Not a field, or a field with an unacceptable argument; {@code message} says which and
         * {@code unknownName} tells the two apart.
         */
        record Unknown(String message, boolean unknownName) implements Resolution {
        }
    }

    private final FieldCatalogue catalogue;

    FieldNames(FieldCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** True when the catalogue knows no fields at all (no field classes on the class path). */
    boolean isEmpty() {
        return catalogue.names().isEmpty();
    }

    /** Resolves {@code name} with its bracket {@code argument} (or null). */
    Resolution resolve(String name, String argument) {
        return convert(catalogue.resolve(name, argument));
    }

    /** Resolves field text as written in an exception or output: {@code name} or {@code name[arg]}. */
    Resolution resolveText(String text) {
        return convert(catalogue.resolve(text));
    }

    Collection<String> names() {
        return catalogue.names();
    }

    private static Resolution convert(dev.kestrel.core.field.Resolution r) {
        if (r instanceof dev.kestrel.core.field.Resolution.Found f) {
            return new Resolution.Found(f.ref().descriptor(), f.ref().argument());
        }
        String message = r.message();
        return new Resolution.Unknown(message, message.startsWith("unknown field"));
    }
}
