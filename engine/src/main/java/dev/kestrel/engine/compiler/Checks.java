package dev.kestrel.engine.compiler;


import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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

    /** {@code =} on a string field: the commonest check, without a matcher indirection. */
    static final class StrEquals extends Cond {
        private final Sources.Str src;
        private final String value;

        StrEquals(Sources.Str src, String value) {
            this.src = src;
            this.value = value;
        }

        @Override
        boolean test(Frame f) {
            String v = src.get(f);
            return v != null && value.equals(v);
        }
    }

    /** {@code in (...)} on a string field: one hash lookup. */
    static final class StrIn extends Cond {
        private final Sources.Str src;
        private final StringSet values;

        StrIn(Sources.Str src, Set<String> values) {
            this.src = src;
            this.values = new StringSet(values);
        }

        @Override
        boolean test(Frame f) {
            return values.contains(src.get(f));
        }
    }

    /** {@code startswith} on a string field. */
    static final class StrStartsWith extends Cond {
        private final Sources.Str src;
        private final String prefix;

        StrStartsWith(Sources.Str src, String prefix) {
            this.src = src;
            this.prefix = prefix;
        }

        @Override
        boolean test(Frame f) {
            String v = src.get(f);
            return v != null && v.startsWith(prefix);
        }
    }

    /** Whole-value regex; the RE2 matcher lives in the frame and is reused. */
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
            Matcher m = (Matcher) f.objects[slot];
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

    /** {@code exists}: a node specialised for the kind of source. */
    static Cond exists(Object src) {
        if (src instanceof Sources.Str s) {
            return new StrExists(s);
        } else if (src instanceof Sources.Num n) {
            return new PresentExists(n::present);
        } else if (src instanceof Sources.Dbl d) {
            return new PresentExists(d::present);
        } else if (src instanceof Sources.Bool b) {
            return new PresentExists(b::present);
        } else if (src instanceof Sources.Ip ip) {
            return new PresentExists(f -> ip.get(f) != null);
        } else if (src instanceof ListSources.StrList list) {
            // A list transformer (getopt) exists when it yields at least one value.
            return new PresentExists(f -> {
                List<String> values = list.get(f);
                return values != null && !values.isEmpty();
            });
        }
        FieldAccessor acc = (FieldAccessor) src;
        return new PresentExists(f -> acc.present(f.ctx));
    }

    static final class StrExists extends Cond {
        private final Sources.Str src;

        StrExists(Sources.Str src) {
            this.src = src;
        }

        @Override
        boolean test(Frame f) {
            return src.get(f) != null;
        }
    }

    static final class PresentExists extends Cond {
        private final Predicate<Frame> present;

        PresentExists(Predicate<Frame> present) {
            this.present = present;
        }

        @Override
        boolean test(Frame f) {
            return present.test(f);
        }
    }

    /** {@code op oneof/anyof/allof (...)} as one check per listed value; an empty list is false. */
    static final class ModifiedCheck extends Cond {
        private final Cond[] parts;
        private final Modifier modifier;

        ModifiedCheck(Cond[] parts, Modifier modifier) {
            this.parts = parts;
            this.modifier = modifier;
        }

        @Override
        boolean test(Frame f) {
            int hits = 0;
            for (Cond part : parts) {
                if (part.test(f)) {
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
