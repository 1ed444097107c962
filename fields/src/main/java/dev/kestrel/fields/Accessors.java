package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.fields.state.StateContext;

/**
 * Accessor building blocks for the state-backed field classes: each wraps a small getter over
 * {@link StateContext}. Numbers use {@link #NONE} for "no value" and booleans -1, so nothing is boxed.
 * A context that is not a {@code StateContext} gives no value.
 */
final class Accessors {

    /** The "no value" marker of {@link LongGetter}. */
    static final long NONE = Long.MIN_VALUE;

    private Accessors() {
    }

    @FunctionalInterface
    interface StringGetter {
        String get(StateContext c);
    }

    @FunctionalInterface
    interface LongGetter {
        /** The value, or {@link #NONE}. */
        long get(StateContext c);
    }

    @FunctionalInterface
    interface BoolGetter {
        /** 1 true, 0 false, -1 no value. */
        int get(StateContext c);
    }

    @FunctionalInterface
    interface IpGetter {
        IpAddress get(StateContext c);
    }

    @FunctionalInterface
    interface DoubleGetter {
        /** The value, or NaN for no value. */
        double get(StateContext c);
    }

    static CatalogueFieldClass.Binding s(StringGetter g) {
        return ref -> new Str(ref, g);
    }

    static CatalogueFieldClass.Binding n(LongGetter g) {
        return ref -> new Num(ref, g);
    }

    static CatalogueFieldClass.Binding b(BoolGetter g) {
        return ref -> new Bool(ref, g);
    }

    static CatalogueFieldClass.Binding ip(IpGetter g) {
        return ref -> new Ip(ref, g);
    }

    static CatalogueFieldClass.Binding d(DoubleGetter g) {
        return ref -> new Dbl(ref, g);
    }

    static int bool(boolean v) {
        return v ? 1 : 0;
    }

    record Str(FieldRef field, StringGetter g) implements FieldAccessor.OfString {
        @Override
        public String get(EventContext ctx) {
            return ctx instanceof StateContext c ? g.get(c) : null;
        }
    }

    record Num(FieldRef field, LongGetter g) implements FieldAccessor.OfLong {
        @Override
        public boolean present(EventContext ctx) {
            return ctx instanceof StateContext c && g.get(c) != NONE;
        }

        @Override
        public long get(EventContext ctx) {
            return ctx instanceof StateContext c ? g.get(c) : 0;
        }
    }

    record Bool(FieldRef field, BoolGetter g) implements FieldAccessor.OfBool {
        @Override
        public boolean present(EventContext ctx) {
            return ctx instanceof StateContext c && g.get(c) >= 0;
        }

        @Override
        public boolean get(EventContext ctx) {
            return ctx instanceof StateContext c && g.get(c) == 1;
        }
    }

    record Ip(FieldRef field, IpGetter g) implements FieldAccessor.OfIp {
        @Override
        public IpAddress get(EventContext ctx) {
            return ctx instanceof StateContext c ? g.get(c) : null;
        }
    }

    record Dbl(FieldRef field, DoubleGetter g) implements FieldAccessor.OfDouble {
        @Override
        public boolean present(EventContext ctx) {
            return ctx instanceof StateContext c && !Double.isNaN(g.get(c));
        }

        @Override
        public double get(EventContext ctx) {
            return ctx instanceof StateContext c ? g.get(c) : Double.NaN;
        }
    }

    /** Client and server halves of an either-endpoint field (fd.ip, fd.port, fd.net, fd.proto). */
    record Endpoints(FieldRef field, FieldAccessor client, FieldAccessor server) implements FieldAccessor.OfEndpoints {
        @Override
        public boolean present(EventContext ctx) {
            return client.present(ctx) || server.present(ctx);
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            if (client.present(ctx)) {
                client.appendText(ctx, out);
            } else {
                server.appendText(ctx, out);
            }
        }
    }
}
