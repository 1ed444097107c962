package dev.kestrel.response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An action's parameters as the rules file wrote them: scalars as their text, lists and maps as
 * lists and maps of those. The typed readers convert and throw {@link InvalidParameterException}
 * naming the parameter when a value has the wrong shape. Immutable and thread-safe.
 */
public final class ActionParameters {

    /** A parameter with a wrong value; {@link #parameter()} names it so the rules file error points at it. */
    public static final class InvalidParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        public InvalidParameterException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        /** The parameter's name. */
        public String parameter() {
            return parameter;
        }
    }

    private static final ActionParameters EMPTY = new ActionParameters(Map.of());

    private final Map<String, Object> values;

    private ActionParameters(Map<String, Object> values) {
        this.values = values;
    }

    /** Parameters from a map of text, lists and maps (copied deeply); null values are kept as absent. */
    public static ActionParameters of(Map<String, ?> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, freeze(v));
            }
        });
        return new ActionParameters(Collections.unmodifiableMap(copy));
    }

    /** No parameters. */
    public static ActionParameters empty() {
        return EMPTY;
    }

    private static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), x == null ? null : freeze(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(x -> copy.add(x == null ? null : freeze(x)));
            return Collections.unmodifiableList(copy);
        }
        return String.valueOf(v);
    }

    /** Every parameter, as given. */
    public Map<String, Object> asMap() {
        return values;
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A text parameter, or {@code fallback} when absent. */
    public String string(String name, String fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new InvalidParameterException(name, "parameter '" + name + "' must be a single value, not a list or map");
        }
        return s;
    }

    /** A whole-number parameter between {@code min} and {@code max}, or {@code fallback} when absent. */
    public long integer(String name, long fallback, long min, long max) {
        String s = string(name, null);
        if (s == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "parameter '" + name + "' must be a whole number, was '" + s + "'");
        }
        if (n < min || n > max) {
            throw new InvalidParameterException(name, "parameter '" + name + "' must be between " + min + " and " + max
                    + ", was " + n);
        }
        return n;
    }

    /** A true/false parameter, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        String s = string(name, null);
        if (s == null) {
            return fallback;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(name, "parameter '" + name + "' must be true or false, was '" + s + "'");
        };
    }

    /** A list of text values (a single value counts as a list of one); empty when absent. */
    public List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> l)) {
            throw new InvalidParameterException(name, "parameter '" + name + "' must be a list of values");
        }
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof String s)) {
                throw new InvalidParameterException(name, "parameter '" + name + "' must be a list of single values");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A map of text values (a null value is kept as the empty text); empty when absent. */
    public Map<String, String> stringMap(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidParameterException(name, "parameter '" + name + "' must be a map of names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object x = e.getValue();
            if (x != null && !(x instanceof String)) {
                throw new InvalidParameterException(name, "parameter '" + name + "' must map names to single values ('"
                        + e.getKey() + "' does not)");
            }
            out.put(String.valueOf(e.getKey()), x == null ? "" : (String) x);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionParameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
