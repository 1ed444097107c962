package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host names rules compare an address's name with ({@code fd.sip.name = "kubernetes.default.svc"},
 * {@code fd.rip.name in (...)}): the names to resolve so those fields have values, as Falco resolves
 * the names in its filters. Thread-safe (stateless).
 */
public final class HostNameAnalysis {

    /** The operators that compare a whole name (not a part of one, such as {@code startswith ".svc"}). */
    static final Set<Operator> WHOLE_NAMES = Set.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.IN, Operator.INTERSECTS);

    /** The fields whose value is a host name looked up from an address. */
    static final Set<String> NAME_FIELDS = Set.of("fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name");

    private HostNameAnalysis() {
    }

    /** The literal names these conditions (macros and lists expanded) compare a name field with, sorted. */
    public static Set<String> names(Collection<Expr> conditions) {
        Set<String> names = new TreeSet<>();
        for (Expr c : conditions) {
            collect(c, names);
        }
        return names;
    }

    private static void collect(Expr e, Set<String> names) {
        if (e instanceof Expr.And a) {
            a.children().forEach(c -> collect(c, names));
        } else if (e instanceof Expr.Or o) {
            o.children().forEach(c -> collect(c, names));
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), names);
        } else if (e instanceof Expr.Comparison c && c.left() instanceof Operand.Field f && NAME_FIELDS.contains(f.name())
                && WHOLE_NAMES.contains(c.operator())) {
            if (c.right() instanceof Value.Literal l) {
                add(l.text(), names);
            } else if (c.right() instanceof Value.ListLiteral list) {
                list.items().forEach(l -> add(l.text(), names));
            }
        }
    }

    private static void add(String name, Set<String> names) {
        String n = name.strip();
        if (!n.isEmpty()) {
            names.add(n);
        }
    }
}
