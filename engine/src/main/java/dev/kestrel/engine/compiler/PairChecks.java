package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.field.IpAddress;

/**
 * Comparisons whose right side is another value of the same event: {@code val(field)} or a
 * transformer. False when either side has no value.
 */
final class PairChecks {
    private PairChecks() {
    }

    static final class StrPair extends Cond {
        private final Sources.Str left;
        private final Sources.Str right;
        private final Operator op;

        StrPair(Sources.Str left, Sources.Str right, Operator op) {
            this.left = left;
            this.right = right;
            this.op = op;
        }

        @Override
        boolean test(Frame f) {
            String l = left.get(f);
            if (l == null) {
                return false;
            }
            String r = right.get(f);
            if (r == null) {
                return false;
            }
            return switch (op) {
                case EQ, EQEQ, IN, INTERSECTS -> l.equals(r);
                case NE -> !l.equals(r);
                case LT -> l.compareTo(r) < 0;
                case LE -> l.compareTo(r) <= 0;
                case GT -> l.compareTo(r) > 0;
                case GE -> l.compareTo(r) >= 0;
                case CONTAINS, BCONTAINS -> l.contains(r);
                case ICONTAINS -> new StringMatchers.IContains(r).test(l);
                case STARTSWITH, BSTARTSWITH -> l.startsWith(r);
                case ENDSWITH -> l.endsWith(r);
                case GLOB -> GlobPattern.compile(r, false).matches(l);
                case IGLOB -> GlobPattern.compile(r, true).matches(l);
                default -> false;
            };
        }
    }

    static final class NumPair extends Cond {
        private final Sources.Num left;
        private final Sources.Num right;
        private final Operator op;
        private final boolean unsigned;

        NumPair(Sources.Num left, Sources.Num right, Operator op, boolean unsigned) {
            this.left = left;
            this.right = right;
            this.op = op;
            this.unsigned = unsigned;
        }

        @Override
        boolean test(Frame f) {
            if (!left.present(f) || !right.present(f)) {
                return false;
            }
            long l = left.get(f);
            long r = right.get(f);
            int c = unsigned ? Long.compareUnsigned(l, r) : Long.compare(l, r);
            return switch (op) {
                case EQ, EQEQ, IN, INTERSECTS -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> false;
            };
        }
    }

    static final class DblPair extends Cond {
        private final Sources.Dbl left;
        private final Sources.Dbl right;
        private final Operator op;

        DblPair(Sources.Dbl left, Sources.Dbl right, Operator op) {
            this.left = left;
            this.right = right;
            this.op = op;
        }

        @Override
        boolean test(Frame f) {
            if (!left.present(f) || !right.present(f)) {
                return false;
            }
            double l = left.get(f);
            double r = right.get(f);
            return switch (op) {
                case EQ, EQEQ, IN, INTERSECTS -> l == r;
                case NE -> l != r;
                case LT -> l < r;
                case LE -> l <= r;
                case GT -> l > r;
                case GE -> l >= r;
                default -> false;
            };
        }
    }

    static final class BoolPair extends Cond {
        private final Sources.Bool left;
        private final Sources.Bool right;
        private final boolean negate;

        BoolPair(Sources.Bool left, Sources.Bool right, boolean negate) {
            this.left = left;
            this.right = right;
            this.negate = negate;
        }

        @Override
        boolean test(Frame f) {
            return left.present(f) && right.present(f) && (left.get(f) == right.get(f)) != negate;
        }
    }

    static final class IpPair extends Cond {
        private final Sources.Ip left;
        private final Sources.Ip right;
        private final boolean negate;

        IpPair(Sources.Ip left, Sources.Ip right, boolean negate) {
            this.left = left;
            this.right = right;
            this.negate = negate;
        }

        @Override
        boolean test(Frame f) {
            IpAddress l = left.get(f);
            IpAddress r = right.get(f);
            return l != null && r != null && l.equals(r) != negate;
        }
    }
}
