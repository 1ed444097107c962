package dev.kestrel.core.field;

import dev.kestrel.core.event.EventContext;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Reads one field of the current event. Accessors are bound once, when a rule is compiled, and then
 * read per event with no lookup by name. Each sub-interface reads one kind of value without boxing;
 * "no value" (Falco's failed extraction) is reported by {@link #present} or a null return.
 */
public sealed interface FieldAccessor {

    /** The field this accessor reads. */
    FieldRef field();

    /** Whether the field has a value for this event. */
    boolean present(EventContext ctx);

    /** Appends the value as Falco prints it in an output, or {@code <NA>} when absent. */
    void appendText(EventContext ctx, StringBuilder out);

    /** A string (or path, or bytebuf rendered as text) field; null means no value. */
    non-sealed interface OfString extends FieldAccessor {
        String get(EventContext ctx);

        @Override
        default boolean present(EventContext ctx) {
            return get(ctx) != null;
        }

        @Override
        default void appendText(EventContext ctx, StringBuilder out) {
            String v = get(ctx);
            out.append(v == null ? "<NA>" : v);
        }
    }

    /**
     * An integer-like field (all integer widths, port, times) read as a long; call {@link #get}
     * only after {@link #present} returned true. Unsigned 64-bit values use the long's bits.
     */
    non-sealed interface OfLong extends FieldAccessor {
        long get(EventContext ctx);

        @Override
        default void appendText(EventContext ctx, StringBuilder out) {
            if (present(ctx)) {
                out.append(get(ctx));
            } else {
                out.append("<NA>");
            }
        }
    }

    /** A double field; call {@link #get} only after {@link #present} returned true. */
    non-sealed interface OfDouble extends FieldAccessor {
        double get(EventContext ctx);

        @Override
        default void appendText(EventContext ctx, StringBuilder out) {
            if (present(ctx)) {
                out.append(get(ctx));
            } else {
                out.append("<NA>");
            }
        }
    }

    /** A boolean field; call {@link #get} only after {@link #present} returned true. */
    non-sealed interface OfBool extends FieldAccessor {
        boolean get(EventContext ctx);

        @Override
        default void appendText(EventContext ctx, StringBuilder out) {
            if (present(ctx)) {
                out.append(get(ctx));
            } else {
                out.append("<NA>");
            }
        }
    }

    /** An address field (ipaddr); null means no value. */
    non-sealed interface OfIp extends FieldAccessor {
        IpAddress get(EventContext ctx);

        @Override
        default boolean present(EventContext ctx) {
            return get(ctx) != null;
        }

        @Override
        default void appendText(EventContext ctx, StringBuilder out) {
            IpAddress v = get(ctx);
            out.append(v == null ? "<NA>" : v.toString());
        }
    }

    /**
     * A field with several values: list-valued fields ({@code fd.types}) and the unindexed
     * ancestor fields ({@code proc.aname}: every ancestor from the parent up). Iteration is by
     * callback so nothing is allocated per event.
     */
    non-sealed interface OfStrings extends FieldAccessor {
        /** True if some value satisfies {@code test}; false when there is no value. */
        boolean anyMatch(EventContext ctx, Predicate<String> test);

        /** True if there is at least one value and every value satisfies {@code test}. */
        boolean allMatch(EventContext ctx, Predicate<String> test);
    }

    /** Like {@link OfStrings} for integer values ({@code proc.apid}). */
    non-sealed interface OfLongs extends FieldAccessor {
        boolean anyMatch(EventContext ctx, LongPredicate test);

        boolean allMatch(EventContext ctx, LongPredicate test);
    }

    /**
     * Either-endpoint socket fields ({@code fd.ip}, {@code fd.net}, {@code fd.port},
     * {@code fd.proto}): the client and the server value of a socket fd. Absent for non-socket fds.
     */
    non-sealed interface OfEndpoints extends FieldAccessor {
        /** The client-side value accessor (e.g. fd.cip). */
        FieldAccessor client();

        /** The server-side value accessor (e.g. fd.sip). */
        FieldAccessor server();
    }
}
