package dev.kestrel.engine.compiler;

import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import java.util.regex.Pattern;

/**
 * Comparison nodes: a value source and a compiled operator. Every check is false when its value is
 * missing, whatever the operator ({@code !=} included); only an enclosing {@code not} flips that.
 */
final class Checks {
    private Checks() {
    }

    static final class StrCheck extends Cond {
        private final Sources.Str src;
        private final StringMatchers.Matcher m;

        StrCheck(Sources.Str src, StringMatchers.Matcher m) {
            this.src = src;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            String v = src.get(f);
            return v != null && m.test(v);
        }
    }

    /** Whole-value regex; the {@link java.util.regex.Matcher} lives in the frame and is reused. */
    static final class RegexCheck extends Cond {
        private final Sources.Str src;
        private final Pattern pattern;
        private final int slot;

        RegexCheck(Sources.Str src, Pattern pattern, int slot) {
            this.src = src;
            this.pattern = pattern;
            this.slot = slot;
        }

        @Override
        boolean test(Frame f) {
            String v = src.get(f);
            if (v == null) {
                return false;
            }
            java.util.regex.Matcher m = (java.util.regex.Matcher) f.objects[slot];
            if (m == null) {
                m = pattern.matcher("");
                f.objects[slot] = m;
            }
            boolean r = m.reset(v).matches();
            m.reset("");
            return r;
        }
    }

    static final class NumCheck extends Cond {
        private final Sources.Num src;
        private final ValueMatchers.Num m;

        NumCheck(Sources.Num src, ValueMatchers.Num m) {
            this.src = src;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return src.present(f) && m.test(src.get(f));
        }
    }

    static final class DblCheck extends Cond {
        private final Sources.Dbl src;
        private final ValueMatchers.Dbl m;

        DblCheck(Sources.Dbl src, ValueMatchers.Dbl m) {
            this.src = src;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return src.present(f) && m.test(src.get(f));
        }
    }

    /** A bool field against literals: true when the value is one of the accepted ones. */
    static final class BoolCheck extends Cond {
        private final Sources.Bool src;
        private final boolean acceptTrue;
        private final boolean acceptFalse;

        BoolCheck(Sources.Bool src, boolean acceptTrue, boolean acceptFalse) {
            this.src = src;
            this.acceptTrue = acceptTrue;
            this.acceptFalse = acceptFalse;
        }

        @Override
        boolean test(Frame f) {
            return src.present(f) && (src.get(f) ? acceptTrue : acceptFalse);
        }
    }

    static final class IpCheck extends Cond {
        private final Sources.Ip src;
        private final ValueMatchers.Ip m;

        IpCheck(Sources.Ip src, ValueMatchers.Ip m) {
            this.src = src;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            IpAddress v = src.get(f);
            return v != null && m.test(v);
        }
    }

    /** Ancestor fields (any ancestor satisfies) and {@code intersects} on list fields. */
    static final class StringsAny extends Cond {
        private final FieldAccessor.OfStrings acc;
        private final StringMatchers.Matcher m;

        StringsAny(FieldAccessor.OfStrings acc, StringMatchers.Matcher m) {
            this.acc = acc;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return acc.anyMatch(f.ctx, m);
        }
    }

    /** {@code in} on list fields: every element is in the set. */
    static final class StringsAll extends Cond {
        private final FieldAccessor.OfStrings acc;
        private final StringMatchers.Matcher m;

        StringsAll(FieldAccessor.OfStrings acc, StringMatchers.Matcher m) {
            this.acc = acc;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return acc.allMatch(f.ctx, m);
        }
    }

    static final class LongsAny extends Cond {
        private final FieldAccessor.OfLongs acc;
        private final ValueMatchers.Num m;

        LongsAny(FieldAccessor.OfLongs acc, ValueMatchers.Num m) {
            this.acc = acc;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return acc.anyMatch(f.ctx, m);
        }
    }

    static final class LongsAll extends Cond {
        private final FieldAccessor.OfLongs acc;
        private final ValueMatchers.Num m;

        LongsAll(FieldAccessor.OfLongs acc, ValueMatchers.Num m) {
            this.acc = acc;
            this.m = m;
        }

        @Override
        boolean test(Frame f) {
            return acc.allMatch(f.ctx, m);
        }
    }

    /**
     * Either-endpoint fields: {@code client} and {@code server} are the positive test on each side.
     * Positive operators hold if either side does; {@code !=} holds for a socket when no side equals.
     */
    static final class Endpoints extends Cond {
        private final FieldAccessor.OfEndpoints acc;
        private final Cond client;
        private final Cond server;
        private final boolean negate;

        Endpoints(FieldAccessor.OfEndpoints acc, Cond client, Cond server, boolean negate) {
            this.acc = acc;
            this.client = client;
            this.server = server;
            this.negate = negate;
        }

        @Override
        boolean test(Frame f) {
            if (!negate) {
                return client.test(f) || server.test(f);
            }
            return acc.present(f.ctx) && !client.test(f) && !server.test(f);
        }
    }

    /** {@code exists} on a field or transformer. */
    static final class Exists extends Cond {
        private final Object src;

        Exists(Object src) {
            this.src = src;
        }

        @Override
        boolean test(Frame f) {
            if (src instanceof Sources.Str s) {
                return s.get(f) != null;
            } else if (src instanceof Sources.Num n) {
                return n.present(f);
            } else if (src instanceof Sources.Dbl d) {
                return d.present(f);
            } else if (src instanceof Sources.Bool b) {
                return b.present(f);
            } else if (src instanceof Sources.Ip ip) {
                return ip.get(f) != null;
            }
            return ((FieldAccessor) src).present(f.ctx);
        }
    }
}
