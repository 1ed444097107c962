package dev.kestrel.core.condition.ast;

import java.util.Locale;

/** {@code op oneof/anyof/allof (list)}: apply {@code op} to every element of a list. */
public enum Modifier {
    ONEOF, ANYOF, ALLOF;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
