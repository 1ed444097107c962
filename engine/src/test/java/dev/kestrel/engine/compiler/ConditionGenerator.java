package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random conditions over {@link TestFields} (every operator that compiles for each kind of field,
 * transformers, val(), modifiers, exists) and random events with missing values, drawn from small pools
 * so that checks hit as often as they miss.
 */
final class ConditionGenerator {
    private static final Position P = Position.NONE;

    static final String[] STRINGS = {"/usr/bin/bash", "/usr/bin", "/usr/bin2", "/etc/passwd", "bash", "BASH", "",
        "a", "ab", "a*b", "x/y", "/usr/lib/bash", "YmFzaA=="};
    static final String[] GLOBS = {"*", "/usr/*", "*bash", "?a*", "[ab]*", "[!a]*", "/usr/bin/bash", "*/bin/*",
        "a\\*b", "*B*", "[A-C]*"};
    static final String[] REGEXES = {".*", "/usr/.*", "[a-z]+", "bash|sh", "a.", "[[:alpha:]]*"};
    static final String[] PATHS = {"/usr", "/usr/bin", "/etc", "/", "/usr/*/bash", "/e*", "/usr/bin/bash/x", "x"};
    static final String[] BUFS = {"ab\u0001c", "abc", ""};
    static final String[] HEX = {"61", "0163", "6263", "", "62"};
    static final String[] LISTVALS = {"ipv4", "ipv6", "file", "unix"};
    static final String[] IPS = {"10.1.2.3", "8.8.8.8", "::1", "fe80::1", "1.1.1.1"};
    static final String[] NETS = {"10.0.0.0/8", "10.1.2.0/24", "0.0.0.0/0", "::/0", "fe80::/10", "8.8.8.8/32"};
    static final String[] TYPES = {"open", "execve", "close", "connect", "pipe"};
    /** Event types as events carry them: also one Kestrel has no constant for. */
    static final String[] EVENT_TYPES = {"open", "execve", "close", "connect", "pipe", "no_such_event"};

    private static final Map<String, String[]> INT_LITERALS = Map.of(
            "t.u8", new String[] {"0", "1", "200", "255", "-1", "-56"},
            "t.i16", new String[] {"-5", "0", "-32768", "32767", "7", "-500"},
            "t.i64", new String[] {"-1", "0", "7", "9223372036854775807"},
            "t.i64b", new String[] {"-1", "0", "7"},
            "t.u64", new String[] {"0", "-1", "1000", "18446744073709551615", "5"},
            "t.port", new String[] {"22", "443", "https", "0", "80"},
            "t.apid", new String[] {"1", "10", "-1"},
            "t.lnum", new String[] {"3", "5", "7"},
            "t.eport", new String[] {"22", "443", "40000"});
    private static final Map<String, long[]> INT_VALUES = Map.of(
            "t.u8", new long[] {0, 1, 200, 255},
            "t.i16", new long[] {-5, 0, 7, -32768},
            "t.i64", new long[] {-1, 0, 7, Long.MAX_VALUE},
            "t.i64b", new long[] {-1, 0, 7},
            "t.u64", new long[] {0, -1, 1000, 5},
            "t.port", new long[] {22, 443, 80},
            "t.apid", new long[] {1, 10, -1},
            "t.lnum", new long[] {3, 5, 7},
            "t.eport", new long[] {22, 443, 40000});

    private static final Operator[] STRING_OPS = {Operator.EQ, Operator.EQEQ, Operator.NE, Operator.CONTAINS,
        Operator.ICONTAINS, Operator.STARTSWITH, Operator.ENDSWITH, Operator.GLOB, Operator.IGLOB, Operator.REGEX,
        Operator.IN, Operator.INTERSECTS, Operator.PMATCH, Operator.LT, Operator.LE, Operator.GT, Operator.GE};
    private static final Operator[] BUF_OPS = {Operator.EQ, Operator.NE, Operator.CONTAINS, Operator.IN,
        Operator.INTERSECTS, Operator.STARTSWITH, Operator.ENDSWITH, Operator.BCONTAINS, Operator.BSTARTSWITH};
    private static final Operator[] NUM_OPS = {Operator.EQ, Operator.EQEQ, Operator.NE, Operator.LT, Operator.LE,
        Operator.GT, Operator.GE, Operator.IN, Operator.INTERSECTS};
    private static final Operator[] EQ_OPS = {Operator.EQ, Operator.NE, Operator.IN, Operator.INTERSECTS};

    private final Random r;
    private final boolean withEventTypes;

    ConditionGenerator(Random r, boolean withEventTypes) {
        this.r = r;
        this.withEventTypes = withEventTypes;
    }

    private <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    private static Operand.Field f(String name) {
        return new Operand.Field(name, null, P);
    }

    private static Value.Literal lit(String s) {
        return new Value.Literal(s, P);
    }

    private Value.ListLiteral list(String[] pool) {
        int n = r.nextInt(4);
        List<Value.Literal> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(lit(pick(pool)));
        }
        return new Value.ListLiteral(items, P);
    }

    private Expr cmp(Operand left, Operator op, String[] pool) {
        Value v = op.takesList() ? list(pool) : lit(pick(pool));
        return new Expr.Comparison(left, op, null, v, P);
    }

    Expr expr(int depth) {
        if (depth <= 0 || r.nextInt(3) == 0) {
            return check();
        }
        int kind = r.nextInt(3);
        if (kind == 0) {
            return new Expr.Not(expr(depth - 1), P);
        }
        int n = 1 + r.nextInt(3);
        List<Expr> kids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kids.add(expr(depth - 1));
        }
        return kind == 1 ? new Expr.And(kids, P) : new Expr.Or(kids, P);
    }

    Expr check() {
        int k = r.nextInt(withEventTypes ? 17 : 16);
        switch (k) {
            case 0: {
                Operator op = pick(STRING_OPS);
                String[] pool = op == Operator.GLOB || op == Operator.IGLOB ? GLOBS : op == Operator.REGEX ? REGEXES
                        : op == Operator.PMATCH ? PATHS : STRINGS;
                return cmp(f("t.str"), op, pool);
            }
            case 1: {
                Operator op = pick(BUF_OPS);
                return cmp(f("t.buf"), op, op == Operator.BCONTAINS || op == Operator.BSTARTSWITH ? HEX : BUFS);
            }
            case 2: {
                String field = pick(new String[] {"t.u8", "t.i16", "t.i64", "t.u64", "t.port"});
                return cmp(f(field), pick(NUM_OPS), INT_LITERALS.get(field));
            }
            case 3:
                return cmp(f("t.dbl"), pick(NUM_OPS), new String[] {"0", "2", "-3", "7"});
            case 4:
                return cmp(f("t.bool"), pick(EQ_OPS), new String[] {"true", "false"});
            case 5:
                return cmp(f("t.ip"), pick(EQ_OPS), IPS);
            case 6:
                return cmp(f("t.net"), pick(EQ_OPS), NETS);
            case 7: {
                Operator op = pick(STRING_OPS);
                String[] pool = op == Operator.GLOB || op == Operator.IGLOB ? GLOBS : op == Operator.REGEX ? REGEXES
                        : op == Operator.PMATCH ? PATHS : STRINGS;
                return cmp(f("t.anc"), op, pool);
            }
            case 8:
                return cmp(f("t.apid"), pick(NUM_OPS), INT_LITERALS.get("t.apid"));
            case 9:
                return r.nextBoolean() ? cmp(f("t.list"), pick(new Operator[] {Operator.IN, Operator.INTERSECTS}), LISTVALS)
                        : cmp(f("t.lnum"), pick(new Operator[] {Operator.IN, Operator.INTERSECTS}), INT_LITERALS.get("t.lnum"));
            case 10: {
                int which = r.nextInt(4);
                Operator[] ops = {Operator.EQ, Operator.NE, Operator.IN};
                return switch (which) {
                    case 0 -> cmp(f("t.eip"), pick(ops), IPS);
                    case 1 -> cmp(f("t.enet"), pick(ops), NETS);
                    case 2 -> cmp(f("t.eport"), pick(ops), INT_LITERALS.get("t.eport"));
                    default -> cmp(f("t.eproto"), pick(ops), new String[] {"tcp", "udp"});
                };
            }
            case 11: {
                boolean str = r.nextBoolean();
                Operator op = pick(str ? new Operator[] {Operator.EQ, Operator.NE, Operator.LT, Operator.GE,
                    Operator.CONTAINS, Operator.STARTSWITH, Operator.ENDSWITH, Operator.ICONTAINS}
                    : new Operator[] {Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE});
                return new Expr.Comparison(f(str ? "t.str" : "t.i64"), op, null,
                        new Value.FieldValue(f(str ? "t.str2" : "t.i64b"), P), P);
            }
            case 12: {
                Transformer t = pick(new Transformer[] {Transformer.TOLOWER, Transformer.TOUPPER, Transformer.BASENAME,
                    Transformer.B64});
                Operand left = new Operand.Transform(t, List.of(f(r.nextBoolean() ? "t.str" : "t.str2")), P);
                return cmp(left, pick(new Operator[] {Operator.EQ, Operator.NE, Operator.CONTAINS, Operator.IN,
                    Operator.GLOB}), pick(new String[][] {STRINGS, GLOBS}));
            }
            case 13: {
                String field = pick(new String[] {"t.str", "t.list", "t.lnum"});
                Operand left = new Operand.Transform(Transformer.LEN, List.of(f(field)), P);
                return cmp(left, pick(NUM_OPS), new String[] {"0", "1", "2", "3", "13"});
            }
            case 14: {
                String field = pick(TestFields.SPECS.keySet().toArray(String[]::new));
                return new Expr.Exists(f(field), P);
            }
            case 15: {
                Modifier m = pick(Modifier.values());
                Operator op = pick(new Operator[] {Operator.EQ, Operator.NE, Operator.CONTAINS, Operator.STARTSWITH,
                    Operator.ENDSWITH, Operator.GLOB});
                return new Expr.Comparison(f(r.nextBoolean() ? "t.str" : "t.anc"), op, m,
                        list(op == Operator.GLOB ? GLOBS : STRINGS), P);
            }
            default: {
                Operator op = pick(new Operator[] {Operator.EQ, Operator.EQEQ, Operator.NE, Operator.IN});
                return cmp(f("evt.type"), op, TYPES);
            }
        }
    }

    private Object maybe(Object v) {
        return r.nextInt(4) == 0 ? null : v;
    }

    private List<String> strings(String[] pool, int max) {
        List<String> out = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(pick(pool));
        }
        return out;
    }

    private long pickLong(String field) {
        long[] a = INT_VALUES.get(field);
        return a[r.nextInt(a.length)];
    }

    private List<Long> longs(String field, int max) {
        List<Long> out = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(pickLong(field));
        }
        return out;
    }

    private Object endpoints(Object... pool) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        return Arrays.asList(r.nextInt(5) == 0 ? null : pool[r.nextInt(pool.length)],
                r.nextInt(5) == 0 ? null : pool[r.nextInt(pool.length)]);
    }

    Map<String, Object> event() {
        Map<String, Object> m = new HashMap<>();
        put(m, "evt.type", maybe(pick(EVENT_TYPES)));
        put(m, "t.str", maybe(pick(STRINGS)));
        put(m, "t.str2", maybe(pick(STRINGS)));
        put(m, "t.buf", maybe(pick(BUFS)));
        for (String n : new String[] {"t.u8", "t.i16", "t.i64", "t.i64b", "t.u64", "t.port"}) {
            put(m, n, maybe(pickLong(n)));
        }
        put(m, "t.dbl", maybe(pick(new Double[] {0.0, 2.0, -3.0, 2.5})));
        put(m, "t.bool", maybe(r.nextBoolean()));
        put(m, "t.ip", maybe(pick(IPS)));
        put(m, "t.net", maybe(pick(IPS)));
        put(m, "t.anc", maybe(strings(STRINGS, 3)));
        put(m, "t.apid", maybe(longs("t.apid", 3)));
        put(m, "t.list", maybe(strings(LISTVALS, 3)));
        put(m, "t.lnum", maybe(longs("t.lnum", 3)));
        put(m, "t.eip", endpoints((Object[]) IPS));
        put(m, "t.enet", endpoints((Object[]) IPS));
        put(m, "t.eport", endpoints(22L, 443L, 40000L));
        put(m, "t.eproto", endpoints("tcp", "udp"));
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
