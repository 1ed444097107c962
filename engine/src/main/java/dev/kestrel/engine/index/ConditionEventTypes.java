package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Falco's event-type analysis: {@code evt.type} checks with {@code = == != in} give explicit sets,
 * {@code and} intersects, {@code or} unions, and {@code not} is pushed down to the checks (De Morgan),
 * so {@code not evt.type = open} is every type but open. Any other check matches every type, negated or
 * not. Names without an {@link EventType} constant stand for "others" (kept whenever they may match).
 */
public final class ConditionEventTypes implements TypeSetAnalysis {

    @Override
    public EventTypeSet typesOf(Expr condition) {
        return types(condition, false);
    }

    private EventTypeSet types(Expr e, boolean negated) {
        if (e instanceof Expr.Not n) {
            return types(n.operand(), !negated);
        }
        if (e instanceof Expr.And a) {
            return combine(a.children(), negated, !negated);
        }
        if (e instanceof Expr.Or o) {
            return combine(o.children(), negated, negated);
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, negated);
        }
        return EventTypeSet.all();
    }

    private EventTypeSet combine(List<Expr> children, boolean negated, boolean intersect) {
        EventTypeSet acc = null;
        for (Expr child : children) {
            EventTypeSet s = types(child, negated);
            acc = acc == null ? s : intersect ? acc.and(s) : acc.or(s);
        }
        return acc == null ? EventTypeSet.all() : acc;
    }

    private EventTypeSet comparison(Expr.Comparison c, boolean negated) {
        if (!(c.left() instanceof Operand.Field f) || f.argument() != null
                || !(f.name().equals("evt.type") || f.name().equals("syscall.type")) || c.modifier() != null) {
            return EventTypeSet.all();
        }
        Operator op = c.operator();
        boolean positive = op == Operator.EQ || op == Operator.EQEQ || op == Operator.IN;
        if (!positive && op != Operator.NE) {
            return EventTypeSet.all();
        }
        List<String> names = new ArrayList<>();
        if (c.right() instanceof Value.Literal l) {
            names.add(l.text());
        } else if (c.right() instanceof Value.ListLiteral l) {
            l.items().forEach(i -> names.add(i.text()));
        } else {
            return EventTypeSet.all();
        }
        EnumSet<EventType> known = EnumSet.noneOf(EventType.class);
        boolean unknown = false;
        for (String n : names) {
            EventType t = EventType.fromName(n);
            if (t == null) {
                unknown = true;
            } else {
                known.add(t);
            }
        }
        return positive != negated ? EventTypeSet.of(known, unknown) : EventTypeSet.allBut(known);
    }
}
