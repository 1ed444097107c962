package dev.kestrel.engine.compiler;

import dev.kestrel.core.field.FieldAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources for the multi-value transformers of newer Falco: a constant, a parenthesised list given to
 * a transformer, {@code join}, {@code concat} and {@code getopt} (libsinsp's getopt(3) rules: stop at
 * {@code --} or the first operand, skip long options, expand clusters such as {@code -nt}, {@code ?}
 * for an unknown option). A missing input makes the result missing. These build new strings per event,
 * so only rules that use them allocate.
 */
final class ListSources {
    private ListSources() {
    }

    /** A list of strings for the current event; null when an input is missing. */
    abstract static class StrList {
        abstract List<String> get(Frame f);
    }

    /** A quoted string or number written as a transformer argument. */
    static final class Constant extends Sources.Str {
        private final String text;

        Constant(String text) {
            this.text = text;
        }

        @Override
        String get(Frame f) {
            return text;
        }
    }

    /** A parenthesised list: each item a single value, or a list flattened in. */
    static final class Group extends StrList {
        private final Object[] items;

        /** Each item is a {@link Sources.Str} or a {@link StrList}. */
        Group(Object[] items) {
            this.items = items;
        }

        @Override
        List<String> get(Frame f) {
            List<String> out = new ArrayList<>(items.length);
            for (Object item : items) {
                if (item instanceof Sources.Str s) {
                    String v = s.get(f);
                    if (v == null) {
                        return null;
                    }
                    out.add(v);
                } else {
                    List<String> vs = ((StrList) item).get(f);
                    if (vs == null) {
                        return null;
                    }
                    out.addAll(vs);
                }
            }
            return out;
        }
    }

    /** {@code join(sep, list)}. */
    static final class Join extends Sources.Str {
        private final Sources.Str separator;
        private final StrList list;

        Join(Sources.Str separator, StrList list) {
            this.separator = separator;
            this.list = list;
        }

        @Override
        String get(Frame f) {
            String sep = separator.get(f);
            List<String> values = sep == null ? null : list.get(f);
            return values == null ? null : String.join(sep, values);
        }
    }

    /** {@code concat(a, b, ...)}. */
    static final class Concat extends Sources.Str {
        private final Sources.Str[] parts;

        Concat(Sources.Str[] parts) {
            this.parts = parts;
        }

        @Override
        String get(Frame f) {
            StringBuilder out = new StringBuilder();
            for (Sources.Str p : parts) {
                String v = p.get(f);
                if (v == null) {
                    return null;
                }
                out.append(v);
            }
            return out.toString();
        }
    }

    /** {@code getopt(args, optstring)}: options and their values in order. */
    static final class Getopt extends StrList {
        private final StrList args;
        private final Sources.Str optstring;

        Getopt(StrList args, Sources.Str optstring) {
            this.args = args;
            this.optstring = optstring;
        }

        @Override
        List<String> get(Frame f) {
            return scan(args, optstring, (char) 0, f);
        }

        /** getopt over the event's values, keeping {@code selector}'s values only (all when 0); null when an input is missing. */
        static List<String> scan(StrList args, Sources.Str optstring, char selector, Frame f) {
            String opts = optstring.get(f);
            List<String> argv = opts == null ? null : args.get(f);
            return argv == null ? null : GetoptScan.scan(argv, opts, selector);
        }
    }

    /** {@code getopt(args, optstring)[c]}: the value (or name) of the last {@code -c}; missing when absent. */
    static final class GetoptSelect extends Sources.Str {
        private final StrList args;
        private final Sources.Str optstring;
        private final char selector;

        GetoptSelect(StrList args, Sources.Str optstring, char selector) {
            this.args = args;
            this.optstring = optstring;
            this.selector = selector;
        }

        @Override
        String get(Frame f) {
            List<String> found = Getopt.scan(args, optstring, selector, f);
            return found == null || found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    /** {@code len(list)}: the number of elements. */
    static final class Count extends Sources.Num {
        private final StrList list;

        Count(StrList list) {
            this.list = list;
        }

        @Override
        boolean present(Frame f) {
            return list.get(f) != null;
        }

        @Override
        long get(Frame f) {
            return list.get(f).size();
        }
    }

    /** A value of any other kind read as text, as libsinsp renders it in a list. */
    static final class Text extends Sources.Str {
        private final Object source;
        private final boolean unsigned;

        Text(Object source, boolean unsigned) {
            this.source = source;
            this.unsigned = unsigned;
        }

        @Override
        String get(Frame f) {
            if (source instanceof Sources.Num n) {
                return !n.present(f) ? null : unsigned ? Long.toUnsignedString(n.get(f)) : Long.toString(n.get(f));
            }
            if (source instanceof Sources.Dbl d) {
                return d.present(f) ? Double.toString(d.get(f)) : null;
            }
            if (source instanceof Sources.Bool b) {
                return b.present(f) ? Boolean.toString(b.get(f)) : null;
            }
            var ip = ((Sources.Ip) source).get(f);
            return ip == null ? null : ip.toString();
        }
    }

    /** A list-valued string field read as a {@link StrList}. */
    static final class FieldStrings extends StrList {
        private final FieldAccessor.OfStrings acc;

        FieldStrings(FieldAccessor.OfStrings acc) {
            this.acc = acc;
        }

        @Override
        List<String> get(Frame f) {
            if (!acc.present(f.ctx)) {
                return null;
            }
            List<String> out = new ArrayList<>();
            acc.anyMatch(f.ctx, v -> {
                out.add(v);
                return false;
            });
            return out;
        }
    }

    /** {@code in} (every element) or {@code intersects} (some element) on a transformer's list. */
    static final class StrListCheck extends Cond {
        private final StrList list;
        private final StringMatchers.Matcher m;
        private final boolean all;

        StrListCheck(StrList list, StringMatchers.Matcher m, boolean all) {
            this.list = list;
            this.m = m;
            this.all = all;
        }

        @Override
        boolean test(Frame f) {
            List<String> values = list.get(f);
            if (values == null) {
                return false;
            }
            for (String v : values) {
                if (m.test(v) != all) {
                    return !all;
                }
            }
            return all;
        }
    }
}
