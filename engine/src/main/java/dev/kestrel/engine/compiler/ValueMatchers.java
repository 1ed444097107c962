package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.engine.typing.IpNetwork;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Number, double and address operators with their parsed right-hand values. Integers compare signed
 * or unsigned by the field's type; {@code in} lists are sorted arrays searched by bisection; addresses
 * never equal an address of the other family; networks test containment.
 */
final class ValueMatchers {
    private ValueMatchers() {
    }

    /** Integer test; a {@link LongPredicate} so multi-valued number fields can use it per element. */
    abstract static class Num implements LongPredicate {
        @Override
        public abstract boolean test(long v);
    }

    static final class NumEquals extends Num {
        private final long value;
        private final boolean negate;

        NumEquals(long value, boolean negate) {
            this.value = value;
            this.negate = negate;
        }

        @Override
        public boolean test(long v) {
            return (v == value) != negate;
        }
    }

    static final class NumOrder extends Num {
        private final long value;
        private final int sign;
        private final boolean orEqual;
        private final boolean unsigned;

        NumOrder(long value, int sign, boolean orEqual, boolean unsigned) {
            this.value = value;
            this.sign = sign;
            this.orEqual = orEqual;
            this.unsigned = unsigned;
        }

        @Override
        public boolean test(long v) {
            int c = Integer.signum(unsigned ? Long.compareUnsigned(v, value) : Long.compare(v, value));
            return c == sign || (orEqual && c == 0);
        }
    }

    static final class NumIn extends Num {
        private final long[] sorted;

        NumIn(long[] values) {
            this.sorted = values.clone();
            Arrays.sort(sorted);
        }

        @Override
        public boolean test(long v) {
            return Arrays.binarySearch(sorted, v) >= 0;
        }
    }

    static final class NumModified extends Num {
        private final Num[] parts;
        private final Modifier modifier;

        NumModified(Num[] parts, Modifier modifier) {
            this.parts = parts;
            this.modifier = modifier;
        }

        @Override
        public boolean test(long v) {
            int hits = 0;
            for (Num m : parts) {
                if (m.test(v)) {
                    hits++;
                }
            }
            return switch (modifier) {
                case ONEOF -> hits == 1;
                case ANYOF -> hits > 0;
                case ALLOF -> parts.length > 0 && hits == parts.length;
            };
        }
    }

    /** Double comparison; {@code in} checks each value in turn (lists are short). */
    static final class Dbl {
        private final double[] values;
        private final int sign;
        private final boolean orEqual;
        private final boolean negate;

        /** sign 0 = equality (any of values), -1 less, 1 greater. */
        Dbl(double[] values, int sign, boolean orEqual, boolean negate) {
            this.values = values;
            this.sign = sign;
            this.orEqual = orEqual;
            this.negate = negate;
        }

        boolean test(double v) {
            if (sign == 0) {
                boolean eq = false;
                for (double x : values) {
                    eq |= v == x;
                }
                return eq != negate;
            }
            double x = values[0];
            int c = v < x ? -1 : v > x ? 1 : v == x ? 0 : 2;
            return c == sign || (orEqual && c == 0);
        }
    }

    abstract static class Ip {
        abstract boolean test(IpAddress a);
    }

    static final class IpIn extends Ip {
        private final Set<IpAddress> values;
        private final boolean negate;

        IpIn(Set<IpAddress> values, boolean negate) {
            this.values = Set.copyOf(values);
            this.negate = negate;
        }

        @Override
        boolean test(IpAddress a) {
            return values.contains(a) != negate;
        }
    }

    static final class NetIn extends Ip {
        private final IpNetwork[] networks;
        private final boolean negate;

        NetIn(IpNetwork[] networks, boolean negate) {
            this.networks = networks;
            this.negate = negate;
        }

        @Override
        boolean test(IpAddress a) {
            boolean in = false;
            for (IpNetwork n : networks) {
                in |= n.contains(a);
            }
            return in != negate;
        }
    }

    static final class IpModified extends Ip {
        private final Ip[] parts;
        private final Modifier modifier;

        IpModified(Ip[] parts, Modifier modifier) {
            this.parts = parts;
            this.modifier = modifier;
        }

        @Override
        boolean test(IpAddress a) {
            int hits = 0;
            for (Ip m : parts) {
                if (m.test(a)) {
                    hits++;
                }
            }
            return switch (modifier) {
                case ONEOF -> hits == 1;
                case ANYOF -> hits > 0;
                case ALLOF -> parts.length > 0 && hits == parts.length;
            };
        }
    }
}
