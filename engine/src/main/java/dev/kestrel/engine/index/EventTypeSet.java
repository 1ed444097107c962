package dev.kestrel.engine.index;

import dev.kestrel.core.event.EventType;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The event types a condition can match: a set of known {@link EventType}s plus whether it may match
 * events whose type Kestrel has no constant for ("others"). Immutable; {@code and}/{@code or} build
 * intersections and unions, as the event-type analysis of Falco does.
 */
public final class EventTypeSet {
    private static final int SIZE = EventType.values().length;
    private static final EventTypeSet ALL;
    private static final EventTypeSet NONE = new EventTypeSet(new BitSet(), false);

    static {
        BitSet b = new BitSet();
        b.set(0, SIZE);
        ALL = new EventTypeSet(b, true);
    }

    private final BitSet known;
    private final boolean others;

    private EventTypeSet(BitSet known, boolean others) {
        this.known = known;
        this.others = others;
    }

    public static EventTypeSet all() {
        return ALL;
    }

    public static EventTypeSet none() {
        return NONE;
    }

    public static EventTypeSet of(Collection<EventType> types, boolean others) {
        BitSet b = new BitSet();
        types.forEach(t -> b.set(t.ordinal()));
        return new EventTypeSet(b, others);
    }

    /** The same set as the event-type analysis states it. */
    public static EventTypeSet of(EventTypeAnalysis.EventTypes types) {
        BitSet b = types.bits();
        if (types.allExcept()) {
            b.flip(0, SIZE);
        }
        return new EventTypeSet(b, types.allExcept());
    }

    /** Every known type except {@code types}, and the others. */
    public static EventTypeSet allBut(Collection<EventType> types) {
        BitSet b = new BitSet();
        b.set(0, SIZE);
        types.forEach(t -> b.clear(t.ordinal()));
        return new EventTypeSet(b, true);
    }

    public EventTypeSet and(EventTypeSet o) {
        BitSet b = (BitSet) known.clone();
        b.and(o.known);
        return new EventTypeSet(b, others && o.others);
    }

    public EventTypeSet or(EventTypeSet o) {
        BitSet b = (BitSet) known.clone();
        b.or(o.known);
        return new EventTypeSet(b, others || o.others);
    }

    public boolean contains(EventType t) {
        return known.get(t.ordinal());
    }

    /** Whether events of a type without an {@link EventType} constant may match. */
    public boolean containsOthers() {
        return others;
    }

    public boolean isAll() {
        return others && known.cardinality() == SIZE;
    }

    public boolean isEmpty() {
        return !others && known.isEmpty();
    }

    /** The known types in the set. */
    public Set<EventType> types() {
        EnumSet<EventType> s = EnumSet.noneOf(EventType.class);
        known.stream().forEach(i -> s.add(EventType.values()[i]));
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeSet s && s.known.equals(known) && s.others == others;
    }

    @Override
    public int hashCode() {
        return known.hashCode() * 31 + (others ? 1 : 0);
    }

    @Override
    public String toString() {
        return isAll() ? "all" : types() + (others ? "+others" : "");
    }
}
