package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventType;
import java.util.BitSet;
import java.util.List;

/**
 * Computes the event types a resolved condition can match, as Falco does to index rules: checks of
 * {@code evt.type} (or {@code syscall.type}) with {@code =}, {@code ==}, {@code !=} or {@code in} give
 * explicit sets, {@code and} intersects, {@code or} unions, negations are pushed to the leaves, and
 * every other check is neutral (all types, also under negation). {@code evt.num = 0},
 * {@code evt.num < 1} and {@code evt.num in ()} can never match; {@code evt.num != 0} and
 * {@code evt.num >= 1} always do.
 */
public final class EventTypeAnalysis {

    /** Falco warns (LOAD_NO_EVTTYPE) when a rule matches more event types than this. */
    public static final int TOO_MANY_TYPES = 100;

    private EventTypeAnalysis() {
    }

    /**
     * A set of event types: {@code types} over {@link EventType} ordinals, or when {@code allExcept}
     * is true, every event type (including ones Kestrel has no constant for) except {@code types}.
     */
    public record EventTypes(BitSet types, boolean allExcept) {

        public EventTypes {
            types = (BitSet) types.clone();
        }

        /** Every event type. */
        public static EventTypes all() {
            return new EventTypes(new BitSet(), true);
        }

        /** No event type: the condition can never match. */
        public static EventTypes none() {
            return new EventTypes(new BitSet(), false);
        }

        public static EventTypes of(List<EventType> list) {
            BitSet bits = new BitSet();
            list.forEach(t -> bits.set(t.ordinal()));
            return new EventTypes(bits, false);
        }

        public boolean contains(EventType type) {
            return types.get(type.ordinal()) != allExcept;
        }

        public boolean isAll() {
            return allExcept && types.isEmpty();
        }

        public boolean isEmpty() {
            return !allExcept && types.isEmpty();
        }

        /**
         * True when a rule with this set should be warned about: it matches all event types but a
         * few (Falco's event table has several hundred), or more than {@link #TOO_MANY_TYPES}.
         */
        public boolean tooMany() {
            return allExcept || types.cardinality() > TOO_MANY_TYPES;
        }

        /** The listed event types (for {@code allExcept}, the ones excluded). */
        public BitSet bits() {
            return (BitSet) types.clone();
        }

        EventTypes complement() {
            return new EventTypes(types, !allExcept);
        }

        EventTypes intersect(EventTypes o) {
            BitSet bits = (BitSet) types.clone();
            if (!allExcept && !o.allExcept) {
                bits.and(o.types);
                return new EventTypes(bits, false);
            }
            if (allExcept && o.allExcept) {
                bits.or(o.types);
                return new EventTypes(bits, true);
            }
            BitSet plain = allExcept ? (BitSet) o.types.clone() : bits;
            plain.andNot(allExcept ? types : o.types);
            return new EventTypes(plain, false);
        }

        EventTypes union(EventTypes o) {
            BitSet bits = (BitSet) types.clone();
            if (!allExcept && !o.allExcept) {
                bits.or(o.types);
                return new EventTypes(bits, false);
            }
            if (allExcept && o.allExcept) {
                bits.and(o.types);
                return new EventTypes(bits, true);
            }
            BitSet excluded = allExcept ? bits : (BitSet) o.types.clone();
            excluded.andNot(allExcept ? o.types : types);
            return new EventTypes(excluded, true);
        }
    }

    /** The event types {@code condition} (macros expanded) can match. Never throws. */
    public static EventTypes eventTypes(Expr condition) {
        return analyze(condition, false);
    }

    /** True for a check Falco cannot index: {@code evt.type} behind a transformer or compared with val(). */
    public static boolean isUnindexableTypeCheck(Expr.Comparison c) {
        if (c.right() instanceof Value.FieldValue || c.right() instanceof Value.TransformValue) {
            return isTypeField(c.left()) || c.right() instanceof Value.FieldValue fv && isTypeField(fv.field());
        }
        return c.left() instanceof Operand.Transform t && t.arguments().stream().anyMatch(EventTypeAnalysis::isTypeField);
    }

    private static EventTypes analyze(Expr e, boolean negated) {
        if (e instanceof Expr.And a) {
            EventTypes out = null;
            for (Expr c : a.children()) {
                EventTypes t = analyze(c, negated);
                out = out == null ? t : negated ? out.union(t) : out.intersect(t);
            }
            return out == null ? EventTypes.all() : out;
        }
        if (e instanceof Expr.Or o) {
            EventTypes out = null;
            for (Expr c : o.children()) {
                EventTypes t = analyze(c, negated);
                out = out == null ? t : negated ? out.intersect(t) : out.union(t);
            }
            return out == null ? EventTypes.all() : out;
        }
        if (e instanceof Expr.Not n) {
            return analyze(n.operand(), !negated);
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, negated);
        }
        return EventTypes.all();
    }

    private static EventTypes comparison(Expr.Comparison c, boolean negated) {
        if (!(c.left() instanceof Operand.Field f) || c.modifier() != null) {
            return EventTypes.all();
        }
        if (isTypeField(f)) {
            EventTypes explicit = typeSet(c);
            if (explicit == null) {
                return EventTypes.all();
            }
            return negated ? explicit.complement() : explicit;
        }
        if (f.name().equals("evt.num") && f.argument() == null) {
            Boolean always = evtNumOutcome(c);
            if (always != null) {
                return always != negated ? EventTypes.all() : EventTypes.none();
            }
        }
        return EventTypes.all();
    }

    private static boolean isTypeField(Operand o) {
        return o instanceof Operand.Field f && f.argument() == null
                && (f.name().equals("evt.type") || f.name().equals("syscall.type"));
    }

    /** The set an {@code evt.type} check names, or null when it is not one Falco indexes. */
    private static EventTypes typeSet(Expr.Comparison c) {
        Operator op = c.operator();
        if (op == Operator.EQ || op == Operator.EQEQ || op == Operator.NE) {
            if (!(c.right() instanceof Value.Literal l)) {
                return null;
            }
            EventTypes one = named(List.of(l));
            return op == Operator.NE ? one.complement() : one;
        }
        if (op == Operator.IN && c.right() instanceof Value.ListLiteral list) {
            return named(list.items());
        }
        return null;
    }

    private static EventTypes named(List<Value.Literal> names) {
        BitSet bits = new BitSet();
        for (Value.Literal l : names) {
            EventType t = EventType.fromName(l.text());
            if (t != null) {
                bits.set(t.ordinal());
            }
        }
        return new EventTypes(bits, false);
    }

    /** TRUE when an evt.num check always holds (evt.num starts at 1), FALSE when it never does, else null. */
    private static Boolean evtNumOutcome(Expr.Comparison c) {
        if (c.operator() == Operator.IN && c.right() instanceof Value.ListLiteral list) {
            for (Value.Literal l : list.items()) {
                Long v = number(l);
                if (v == null || v > 0) {
                    return null;
                }
            }
            return Boolean.FALSE;
        }
        if (!(c.right() instanceof Value.Literal l)) {
            return null;
        }
        Long v = number(l);
        if (v == null) {
            return null;
        }
        return switch (c.operator()) {
            case EQ, EQEQ -> v <= 0 ? Boolean.FALSE : null;
            case NE -> v <= 0 ? Boolean.TRUE : null;
            case LT -> v <= 1 ? Boolean.FALSE : null;
            case LE -> v <= 0 ? Boolean.FALSE : null;
            case GE -> v <= 1 ? Boolean.TRUE : null;
            case GT -> v <= 0 ? Boolean.TRUE : null;
            default -> null;
        };
    }

    private static Long number(Value.Literal l) {
        try {
            return Long.parseLong(l.text().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
