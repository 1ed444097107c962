package dev.kestrel.engine.config;

import java.util.Map;

/**
 * Replaces {@code ${NAME}} in a config string by the environment variable {@code NAME}, as Falco
 * does for its config: {@code ${NAME:-fallback}} uses {@code fallback} when the variable is unset or
 * empty, and {@code $${} writes a literal {@code ${}. An unset variable without a fallback is an
 * error, so a missing secret never silently turns an output off.
 */
final class EnvSubstitution {

    /** Why a value could not be substituted; {@code offset} is the index in the raw text. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        Problem(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    String apply(String text) throws Problem {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new Problem(i, "'${' is not closed by '}' (write '$${' for a literal '${')");
                }
                String inside = text.substring(i + 2, end);
                int dash = inside.indexOf(":-");
                String name = dash < 0 ? inside : inside.substring(0, dash);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new Problem(i, "'" + name + "' is not an environment variable name (letters, digits and '_')");
                }
                String value = env.get(name);
                if (value == null || (value.isEmpty() && dash >= 0)) {
                    if (dash < 0) {
                        throw new Problem(i, "the environment variable " + name
                                + " is not set (set it, or write ${" + name + ":-default})");
                    }
                    value = inside.substring(dash + 2);
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
