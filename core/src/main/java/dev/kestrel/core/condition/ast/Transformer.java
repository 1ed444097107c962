package dev.kestrel.core.condition.ast;

import java.util.Locale;

/** Field transformers: functions applied to a field's value before comparing. */
public enum Transformer {
    TOLOWER, TOUPPER, B64, BASENAME, LEN, JOIN, CONCAT, GETOPT;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transformer spelled {@code text}, or null. */
    public static Transformer fromText(String text) {
        for (Transformer t : values()) {
            if (t.text().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
