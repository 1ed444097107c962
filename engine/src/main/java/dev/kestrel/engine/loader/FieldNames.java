package dev.kestrel.engine.loader;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves field names written in conditions, exceptions and outputs against the field catalogue,
 * checking the argument form ({@code proc.aname[2]}, {@code evt.arg.flags}, {@code k8s.pod.label[app]}).
 */
final class FieldNames {

    /** The outcome of resolving one field. */
    sealed interface Resolution {
        /** A known field; {@code argument} is the bracket text or the dotted suffix, or null. */
        record Found(FieldDescriptor descriptor, String argument) implements Resolution {
        }

        /** Not a field, or a field used with the wrong argument; {@code message} says which. */
        record Unknown(String message) implements Resolution {
        }
    }

    private final Map<String, FieldDescriptor> byName = new HashMap<>();

    FieldNames(FieldCatalogue catalogue) {
        for (FieldClass c : catalogue.classes()) {
            for (FieldDescriptor d : c.fields()) {
                byName.putIfAbsent(d.name(), d);
            }
        }
    }

    /** True when the catalogue knows no fields at all (no field classes on the class path). */
    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Resolves {@code name} with its bracket {@code argument} (or null). */
    Resolution resolve(String name, String argument) {
        FieldDescriptor exact = byName.get(name);
        if (exact != null) {
            return checkArgument(exact, argument);
        }
        int dot = name.lastIndexOf('.');
        while (dot > 0) {
            FieldDescriptor d = byName.get(name.substring(0, dot));
            if (d != null && (d.argument() == ArgumentForm.NAME_SUFFIX || d.argument() == ArgumentForm.NAME_OR_INDEX)) {
                if (argument != null) {
                    return new Resolution.Unknown("field '" + name + "[" + argument
                            + "]' cannot take both a dotted suffix and a bracket argument");
                }
                return new Resolution.Found(d, name.substring(dot + 1));
            }
            dot = name.lastIndexOf('.', dot - 1);
        }
        String suggestion = NearestName.suggest(name, byName.keySet());
        return new Resolution.Unknown("unknown field '" + name + "'"
                + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"));
    }

    /** Resolves field text as written in an exception or output: {@code name} or {@code name[arg]}. */
    Resolution resolveText(String text) {
        int open = text.indexOf('[');
        if (open > 0 && text.endsWith("]")) {
            return resolve(text.substring(0, open), text.substring(open + 1, text.length() - 1));
        }
        return resolve(text, null);
    }

    private static Resolution checkArgument(FieldDescriptor d, String argument) {
        String name = d.name();
        switch (d.argument()) {
            case NONE -> {
                if (argument != null) {
                    return new Resolution.Unknown("field '" + name + "' does not take an argument");
                }
            }
            case INDEX_OPTIONAL, INDEX_REQUIRED -> {
                if (argument == null && d.argument() == ArgumentForm.INDEX_REQUIRED) {
                    return new Resolution.Unknown("field '" + name + "' requires an index, e.g. " + name + "[0]");
                }
                if (argument != null && !argument.matches("\\d{1,9}")) {
                    return new Resolution.Unknown("the argument of field '" + name + "' must be a number, not '"
                            + argument + "'");
                }
            }
            case KEY_REQUIRED -> {
                if (argument == null) {
                    return new Resolution.Unknown("field '" + name + "' requires an argument, e.g. " + name + "[key]");
                }
            }
            case NAME_OR_INDEX -> {
                if (argument == null) {
                    return new Resolution.Unknown("field '" + name + "' requires an argument, e.g. " + name
                            + ".name or " + name + "[0]");
                }
                if (!argument.matches("\\d{1,9}")) {
                    return new Resolution.Unknown("the bracket argument of field '" + name
                            + "' must be a number; use " + name + "." + argument + " for a name");
                }
            }
            case NAME_SUFFIX -> {
                if (argument != null) {
                    return new Resolution.Unknown("field '" + name + "' takes a dotted suffix, not a bracket argument");
                }
                return new Resolution.Unknown("field '" + name + "' requires a suffix, e.g. " + name + ".name");
            }
            default -> {
            }
        }
        return new Resolution.Found(d, argument);
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
