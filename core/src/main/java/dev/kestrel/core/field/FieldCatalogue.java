package dev.kestrel.core.field;

import dev.kestrel.core.text.NameSuggester;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every field Kestrel knows, gathered from the {@link FieldClass}es on the class path (or given
 * explicitly). Resolves the field names written in conditions and outputs, with a suggestion for
 * misspellings, and binds resolved fields through the class that owns them.
 */
public final class FieldCatalogue {

    private final List<FieldClass> classes;
    private final Map<String, FieldDescriptor> byName;
    private final Map<FieldDescriptor, FieldClass> owners;
    private final List<FieldDescriptor> suffixFields;

    private FieldCatalogue(List<FieldClass> classes) {
        this.classes = List.copyOf(classes);
        Map<String, FieldDescriptor> names = new LinkedHashMap<>();
        Map<FieldDescriptor, FieldClass> owner = new IdentityHashMap<>();
        List<FieldDescriptor> suffix = new ArrayList<>();
        for (FieldClass c : this.classes) {
            for (FieldDescriptor d : c.fields()) {
                // The first class to declare a name wins, as libsinsp tries its classes in order.
                if (names.putIfAbsent(d.name(), d) == null) {
                    owner.put(d, c);
                    if (d.argument() == ArgumentForm.NAME_SUFFIX || d.argument() == ArgumentForm.NAME_OR_INDEX) {
                        suffix.add(d);
                    }
                }
            }
        }
        // Longest names first, so "evt.type.is.open" is matched by evt.type.is and not something shorter.
        suffix.sort((a, b) -> Integer.compare(b.name().length(), a.name().length()));
        this.byName = Collections.unmodifiableMap(names);
        this.owners = owner;
        this.suffixFields = List.copyOf(suffix);
    }

    /** The catalogue of the field classes found by {@link ServiceLoader}. */
    public static FieldCatalogue load(ClassLoader loader) {
        List<FieldClass> found = new ArrayList<>();
        ServiceLoader.load(FieldClass.class, loader).forEach(found::add);
        return new FieldCatalogue(found);
    }

    /** The catalogue of the field classes found by {@link ServiceLoader} with this class's loader. */
    public static FieldCatalogue load() {
        return load(FieldCatalogue.class.getClassLoader());
    }

    public static FieldCatalogue of(List<FieldClass> classes) {
        return new FieldCatalogue(classes);
    }

    public List<FieldClass> classes() {
        return classes;
    }

    /** Every field descriptor, class by class in catalogue order. */
    public List<FieldDescriptor> descriptors() {
        return List.copyOf(byName.values());
    }

    /** The descriptor with exactly this name (no argument), or null. */
    public FieldDescriptor descriptor(String name) {
        return byName.get(name);
    }

    /** The class that declared {@code descriptor}, or null when it is not from this catalogue. */
    public FieldClass owner(FieldDescriptor descriptor) {
        FieldClass c = owners.get(descriptor);
        if (c == null) {
            FieldDescriptor known = byName.get(descriptor.name());
            c = known == null ? null : owners.get(known);
        }
        return c;
    }

    /**
     * Resolves a field as written in a condition or output: {@code name} is the text before any
     * bracket (it may carry a dotted suffix such as {@code evt.arg.flags}, {@code evt.type.is.open}
     * or {@code thread.cgroup.cpuacct}); {@code argument} is the bracket text or null.
     */
    public Resolution resolve(String name, String argument) {
        FieldDescriptor exact = byName.get(name);
        if (exact != null) {
            return withArgument(exact, argument, name);
        }
        if (argument == null) {
            for (FieldDescriptor d : suffixFields) {
                String prefix = d.name() + ".";
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    return new Resolution.Found(new FieldRef(d, name.substring(prefix.length())));
                }
            }
        }
        String written = argument == null ? name : name + "[" + argument + "]";
        String suggestion = NameSuggester.nearest(name, byName.keySet()).orElse(null);
        String message = "unknown field '" + written + "'"
                + (suggestion == null ? "" : " (did you mean " + suggestion + "?)");
        return new Resolution.Unknown(message, suggestion);
    }

    /** Like {@link #resolve(String, String)} for the whole written text, e.g. {@code proc.aname[2]}. */
    public Resolution resolve(String written) {
        int open = written.indexOf('[');
        if (open > 0 && written.endsWith("]")) {
            return resolve(written.substring(0, open), written.substring(open + 1, written.length() - 1));
        }
        return resolve(written, null);
    }

    private static Resolution withArgument(FieldDescriptor d, String argument, String name) {
        ArgumentForm form = d.argument();
        if (argument == null) {
            if (form.required()) {
                return bad(d, "field '" + name + "' needs an argument: " + argumentHint(d));
            }
            return new Resolution.Found(new FieldRef(d, null));
        }
        String written = name + "[" + argument + "]";
        switch (form) {
            case NONE:
                return bad(d, "field '" + name + "' takes no argument, but '" + written + "' gives one");
            case NAME_SUFFIX:
                return bad(d, "field '" + name + "' takes its argument as a dotted suffix, not in brackets: "
                        + argumentHint(d));
            case INDEX_OPTIONAL:
            case INDEX_REQUIRED:
            case NAME_OR_INDEX:
                if (!isIndex(argument)) {
                    return bad(d, "field '" + written + "' needs an index from 0 to " + Integer.MAX_VALUE
                            + " in brackets, got '" + argument + "'");
                }
                return new Resolution.Found(new FieldRef(d, argument));
            default:
                if (argument.isEmpty()) {
                    return bad(d, "field '" + written + "' has an empty argument");
                }
                return new Resolution.Found(new FieldRef(d, argument));
        }
    }

    private static String argumentHint(FieldDescriptor d) {
        return switch (d.argument()) {
            case NAME_SUFFIX -> d.name() + ".NAME";
            case NAME_OR_INDEX -> d.name() + ".NAME or " + d.name() + "[N]";
            case INDEX_REQUIRED, INDEX_OPTIONAL -> d.name() + "[N]";
            default -> d.name() + "[KEY]";
        };
    }

    private static Resolution bad(FieldDescriptor d, String message) {
        return new Resolution.Unknown(message, null);
    }

    /** A whole number from 0 to Integer.MAX_VALUE, in ASCII digits (what every indexed field reads as an int). */
    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(s) <= Integer.MAX_VALUE;
    }

    /**
     * A binder that hands each field to the class that declared it; with the built-in classes it
     * reads the live system state.
     */
    public FieldBinder binder() {
        return ref -> {
            FieldClass c = owner(ref.descriptor());
            if (c == null) {
                throw new FieldBindException("field '" + ref.text() + "' is not part of this catalogue");
            }
            return c.bind(ref);
        };
    }

    /** Same as {@link #binder()}: the state-reading binder of the built-in field classes. */
    public FieldBinder stateBinder() {
        return binder();
    }

    /** Names of every field, for suggestions. */
    public Set<String> names() {
        return byName.keySet();
    }
}
