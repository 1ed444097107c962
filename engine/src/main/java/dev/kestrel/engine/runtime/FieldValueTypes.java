package dev.kestrel.engine.runtime;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.Resolution;
import java.util.List;
import java.util.Map;

/**
 * Checks the values of a field-value event against the fields' types, so that {@code "proc.pid": "abc"}
 * is an error the user sees instead of a field that silently never matches.
 */
final class FieldValueTypes {

    private FieldValueTypes() {
    }

    /** Adds to {@code problems} one sentence per value that cannot be a value of its field. */
    static void check(FieldCatalogue catalogue, Map<String, Object> fields, List<String> problems) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?>) {
                problems.add("the value of '" + e.getKey() + "' is an object; give a string, number, boolean, array or null");
                continue;
            }
            Resolution r = catalogue.resolve(e.getKey());
            if (!r.found()) {
                continue;
            }
            FieldType type = r.ref().descriptor().type();
            if (isInteger(type) && !isInteger(v)) {
                problems.add("'" + e.getKey() + "' is a " + type.displayName()
                        + " field; its value must be a whole number that fits in 64 bits, got " + shown(v));
            }
        }
    }

    private static boolean isInteger(FieldType type) {
        return switch (type) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    private static boolean isInteger(Object v) {
        if (v == null || v instanceof Long || v instanceof Integer || v instanceof List<?>) {
            return true;
        }
        if (v instanceof String s) {
            try {
                Long.parseLong(s.trim());
                return true;
            } catch (NumberFormatException ex) {
                return false;
            }
        }
        return false;
    }

    private static String shown(Object v) {
        String text = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
