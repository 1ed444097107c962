package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operator;
import java.util.Set;

/**
 * One exception comparison as Falco accepts it: an operator ({@code =}, {@code in}, ...) or a string
 * operator with a modifier ({@code startswith oneof}), blanks around it ignored.
 */
record ExceptionComp(Operator operator, Modifier modifier) {

    /** The string operators a modifier may follow (libsinsp's grammar). */
    private static final Set<Operator> MODIFIABLE = Set.of(Operator.EQ, Operator.EQEQ, Operator.NE,
            Operator.CONTAINS, Operator.ICONTAINS, Operator.BCONTAINS, Operator.STARTSWITH, Operator.BSTARTSWITH,
            Operator.ENDSWITH, Operator.GLOB, Operator.IGLOB, Operator.REGEX);

    /** The comparison {@code text} names, or null when Falco would refuse it. */
    static ExceptionComp parse(String text) {
        String t = text.strip();
        int space = t.indexOf(' ');
        if (space < 0) {
            Operator op = Operator.fromText(t);
            return op == null ? null : new ExceptionComp(op, null);
        }
        Operator op = Operator.fromText(t.substring(0, space));
        Modifier modifier = modifier(t.substring(space + 1));
        return op == null || modifier == null || !MODIFIABLE.contains(op) ? null : new ExceptionComp(op, modifier);
    }

    private static Modifier modifier(String text) {
        for (Modifier m : Modifier.values()) {
            if (m.text().equals(text)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the value is written as a parenthesised list ({@code in}, {@code pmatch}, a modifier). */
    boolean takesList() {
        return modifier != null || operator.takesList();
    }
}
