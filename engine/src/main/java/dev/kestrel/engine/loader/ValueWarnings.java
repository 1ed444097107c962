package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Transformer;

/**
 * The warnings libsinsp's filter compiler gives about right-hand values that look like something
 * else (code LOAD_COMPILE_CONDITION): a field name or a transformer call written as a plain string,
 * and a {@code regex} pattern that simpler operators could express. Stateless.
 */
final class ValueWarnings {

    private static final String REGEX_SPECIAL = ".+*?^$()[]{}|\\";
    private static final String REGEX_OCCURRENCE = "+*?";

    private ValueWarnings() {
    }

    /** The look-alike warning for {@code value} compared with {@code op}, or null. */
    static String fieldOrTransformer(String value, FieldNames fields) {
        String stripped = value.replaceAll("\\s", "");
        if (fields.resolveText(stripped) instanceof FieldNames.Resolution.Found) {
            return "'" + value + "' may be a valid field misused as a const string value";
        }
        if (looksLikeTransformer(stripped)) {
            return "'" + value + "' may be a valid field transformer misused as a const string value";
        }
        return null;
    }

    private static boolean looksLikeTransformer(String stripped) {
        if (!stripped.endsWith(")")) {
            return false;
        }
        if (stripped.startsWith("val(") && stripped.length() >= "val".length() + 2) {
            return true;
        }
        for (Transformer t : Transformer.values()) {
            String name = t.text();
            if (stripped.length() >= name.length() + 2 && stripped.startsWith(name + "(")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Falco's hint that a regex could be a plain comparison: no regex syntax except anchors and a
     * leading or trailing {@code .*}, {@code .+} or {@code .?}; null when the pattern needs a regex.
     */
    static String simplerThanRegex(Operator op, String pattern) {
        if (op != Operator.REGEX) {
            return null;
        }
        int len = pattern.length();
        for (int i = 0; i < len; i++) {
            char c = pattern.charAt(i);
            if ((i == 0 && c == '^') || (i == len - 1 && c == '$')) {
                continue;
            }
            if (((i == 0 && len > 1) || i == len - 2) && c == '.' && i + 1 < len
                    && REGEX_OCCURRENCE.indexOf(pattern.charAt(i + 1)) >= 0) {
                i++;
                continue;
            }
            if (REGEX_SPECIAL.indexOf(c) >= 0) {
                return null;
            }
        }
        return "regex check with '" + pattern + "' may be optimized with simpler operators such as "
                + "'=', 'contains', 'startswith', 'endswith'";
    }
}
