package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.field.FieldType;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plain reference for the compiler: walks the AST over a map of field values (shapes as in
 * {@link TestFields}) with Falco's semantics, written directly from the language notes and independent
 * of the compiler's code (BigInteger arithmetic, regex-translated globs, component-list pmatch). No
 * index, no sharing, no caching; slow and obvious on purpose.
 */
final class ReferenceEvaluator {

    /** A missing value. */
    private static final Object NONE = new Object();

    boolean eval(Expr e, Map<String, Object> ev) {
        if (e instanceof Expr.And a) {
            return a.children().stream().allMatch(c -> eval(c, ev));
        }
        if (e instanceof Expr.Or o) {
            return o.children().stream().anyMatch(c -> eval(c, ev));
        }
        if (e instanceof Expr.Not n) {
            return !eval(n.operand(), ev);
        }
        if (e instanceof Expr.Exists x) {
            if (x.left() instanceof Operand.Field f && shape(f) != TestFields.Shape.SINGLE) {
                return ev.get(f.name()) != null;
            }
            return operand(x.left(), ev) != NONE;
        }
        Expr.Comparison c = (Expr.Comparison) e;
        return comparison(c, ev);
    }

    private static TestFields.Spec spec(Operand.Field f) {
        return TestFields.SPECS.get(f.name());
    }

    private static TestFields.Shape shape(Operand.Field f) {
        return spec(f).shape();
    }

    private boolean comparison(Expr.Comparison c, Map<String, Object> ev) {
        Operator op = c.operator();
        List<String> lits = new ArrayList<>();
        Object rhs = null;
        if (c.right() instanceof Value.Literal l) {
            lits.add(l.text());
        } else if (c.right() instanceof Value.ListLiteral l) {
            l.items().forEach(i -> lits.add(i.text()));
        } else if (c.right() instanceof Value.FieldValue fv) {
            rhs = ev.getOrDefault(fv.field().name(), NONE);
            if (rhs == null) {
                rhs = NONE;
            }
        } else if (c.right() instanceof Value.TransformValue tv) {
            rhs = operand(tv.transform(), ev);
        }
        if (rhs == NONE) {
            return false;
        }
        Object rightValue = rhs;
        if (c.left() instanceof Operand.Field f && shape(f) != TestFields.Shape.SINGLE) {
            FieldType type = spec(f).type();
            List<?> vals = (List<?>) ev.get(f.name());
            if (vals == null) {
                return false;
            }
            switch (shape(f)) {
                case ANCESTORS:
                    return vals.stream().anyMatch(v -> single(type, v, op, c.modifier(), lits, rightValue));
                case LIST:
                    if (op == Operator.IN) {
                        return !vals.isEmpty() && vals.stream().allMatch(v -> single(type, v, Operator.IN, null, lits, null));
                    }
                    return vals.stream().anyMatch(v -> single(type, v, Operator.IN, null, lits, null));
                default: {
                    Object client = vals.get(0);
                    Object server = vals.get(1);
                    if (op == Operator.NE && c.modifier() == null) {
                        boolean ce = client != null && single(type, client, Operator.EQ, null, lits, null);
                        boolean se = server != null && single(type, server, Operator.EQ, null, lits, null);
                        return !ce && !se;
                    }
                    return (client != null && single(type, client, op, c.modifier(), lits, null))
                            || (server != null && single(type, server, op, c.modifier(), lits, null));
                }
            }
        }
        Object v = operand(c.left(), ev);
        if (v == NONE) {
            return false;
        }
        return single(typeOf(c.left()), v, op, c.modifier(), lits, rightValue);
    }

    private static FieldType typeOf(Operand o) {
        if (o instanceof Operand.Field f) {
            return spec(f).type();
        }
        Operand.Transform t = (Operand.Transform) o;
        return t.transformer() == Transformer.LEN ? FieldType.UINT64 : FieldType.STRING;
    }

    private Object operand(Operand o, Map<String, Object> ev) {
        if (o instanceof Operand.Field f) {
            Object v = ev.get(f.name());
            return v == null ? NONE : v;
        }
        Operand.Transform t = (Operand.Transform) o;
        Operand arg = t.arguments().get(0);
        if (arg instanceof Operand.Field f && shape(f) == TestFields.Shape.LIST) {
            List<?> l = (List<?>) ev.get(f.name());
            return l == null ? NONE : (Object) (long) l.size();
        }
        Object v = operand(arg, ev);
        if (v == NONE) {
            return NONE;
        }
        String s = (String) v;
        switch (t.transformer()) {
            case TOLOWER:
                return asciiMap(s, true);
            case TOUPPER:
                return asciiMap(s, false);
            case BASENAME:
                return s.contains("/") ? s.substring(s.lastIndexOf('/') + 1) : s;
            case LEN:
                return (long) s.getBytes(StandardCharsets.UTF_8).length;
            case B64:
                try {
                    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return NONE;
                }
            default:
                throw new IllegalStateException();
        }
    }

    private static String asciiMap(String s, boolean lower) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (lower && ch >= 'A' && ch <= 'Z') {
                sb.append((char) (ch - 'A' + 'a'));
            } else if (!lower && ch >= 'a' && ch <= 'z') {
                sb.append((char) (ch - 'a' + 'A'));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** One value against literals (or another value {@code rhs} of the same type). */
    private boolean single(FieldType type, Object v, Operator op, Modifier mod, List<String> lits, Object rhs) {
        if (mod != null) {
            long hits = lits.stream().filter(l -> single(type, v, op, null, List.of(l), null)).count();
            return switch (mod) {
                case ONEOF -> hits == 1;
                case ANYOF -> hits >= 1;
                case ALLOF -> !lits.isEmpty() && hits == lits.size();
            };
        }
        if (op == Operator.PMATCH) {
            return lits.stream().anyMatch(l -> pmatch((String) v, l));
        }
        if (op == Operator.IN || op == Operator.INTERSECTS) {
            if (rhs != null) {
                return compare(type, v, Operator.EQ, rhs);
            }
            return lits.stream().anyMatch(l -> compare(type, v, Operator.EQ, literal(type, l)));
        }
        return compare(type, v, op, rhs != null ? rhs : literal(type, lits.get(0)));
    }

    private static Object literal(FieldType type, String text) {
        return switch (type) {
            case STRING, BYTEBUF, IPADDR, IPNET, BOOL -> text;
            case DOUBLE -> new BigInteger(text).doubleValue();
            case PORT -> text.equals("https") ? 443L : text.equals("http") ? 80L : text.equals("ssh") ? 22L
                    : wrap(new BigInteger(text), 16, false);
            default -> wrap(new BigInteger(text), bits(type), signed(type));
        };
    }

    private static int bits(FieldType t) {
        return switch (t) {
            case INT8, UINT8 -> 8;
            case INT16, UINT16, PORT -> 16;
            case INT32, UINT32 -> 32;
            default -> 64;
        };
    }

    private static boolean signed(FieldType t) {
        return t == FieldType.INT8 || t == FieldType.INT16 || t == FieldType.INT32 || t == FieldType.INT64;
    }

    /** The literal as C would store it in the field: modulo 2^bits, then reinterpreted. */
    private static long wrap(BigInteger v, int bits, boolean signed) {
        BigInteger mod = BigInteger.ONE.shiftLeft(bits);
        BigInteger r = v.mod(mod);
        if (signed && r.testBit(bits - 1)) {
            r = r.subtract(mod);
        }
        return r.longValue();
    }

    private static BigInteger magnitude(FieldType type, long v) {
        BigInteger b = BigInteger.valueOf(v);
        if (!signed(type) && v < 0) {
            b = b.add(BigInteger.ONE.shiftLeft(64));
        }
        return b;
    }

    private boolean compare(FieldType type, Object v, Operator op, Object lit) {
        switch (type) {
            case STRING:
            case BYTEBUF:
                return strings((String) v, op, (String) lit);
            case DOUBLE:
                return order(Double.compare((Double) v, ((Number) lit).doubleValue()), op);
            case BOOL: {
                String text = String.valueOf(lit);
                boolean eq = String.valueOf(v).equals(text);
                return op == Operator.NE ? !eq : eq;
            }
            case IPADDR: {
                boolean eq = Arrays.equals(bytes((String) v), bytes((String) lit));
                return op == Operator.NE ? !eq : eq;
            }
            case IPNET: {
                boolean in = lit instanceof String s && s.contains("/") ? inNet((String) v, s)
                        : Arrays.equals(bytes((String) v), bytes((String) lit));
                return op == Operator.NE ? !in : in;
            }
            default:
                return order(magnitude(type, (Long) v).compareTo(magnitude(type, (Long) lit)), op);
        }
    }

    private static boolean order(int cmp, Operator op) {
        return switch (op) {
            case EQ, EQEQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalArgumentException(op.text());
        };
    }

    private static byte[] bytes(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip);
        }
    }

    private static boolean inNet(String ip, String net) {
        String[] parts = net.split("/");
        byte[] a = bytes(ip);
        byte[] n = bytes(parts[0]);
        if (a.length != n.length) {
            return false;
        }
        int len = Integer.parseInt(parts[1]);
        BigInteger x = new BigInteger(1, a).shiftRight(a.length * 8 - len);
        BigInteger y = new BigInteger(1, n).shiftRight(n.length * 8 - len);
        return x.equals(y);
    }

    private boolean strings(String v, Operator op, String lit) {
        switch (op) {
            case ICONTAINS:
                return asciiMap(v, true).contains(asciiMap(lit, true));
            case CONTAINS:
                return v.contains(lit);
            case STARTSWITH:
                return v.startsWith(lit);
            case ENDSWITH:
                return v.endsWith(lit);
            case BCONTAINS:
                return v.contains(hex(lit));
            case BSTARTSWITH:
                return v.startsWith(hex(lit));
            case GLOB:
                return globRegex(lit, false).matcher(v).matches();
            case IGLOB:
                return globRegex(lit, true).matcher(v).matches();
            case REGEX:
                return Pattern.compile(lit.replace("[:alpha:]", "a-zA-Z").replace("[:digit:]", "0-9"))
                        .matcher(v).matches();
            case PMATCH:
                return pmatch(v, lit);
            default:
                return order(v.compareTo(lit), op);
        }
    }

    private static String hex(String h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length(); i += 2) {
            sb.append((char) Integer.parseInt(h.substring(i, i + 2), 16));
        }
        return sb.toString();
    }

    /** fnmatch without flags, as a Java regex: '*' crosses '/', brackets with '!' negation. */
    static Pattern globRegex(String glob, boolean fold) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*') {
                re.append("[\\s\\S]*");
            } else if (ch == '?') {
                re.append("[\\s\\S]");
            } else if (ch == '\\') {
                if (i + 1 == glob.length()) {
                    return Pattern.compile("(?!)");
                }
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (ch == '[' && glob.indexOf(']', i + 2) > 0) {
                int close = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, close);
                boolean neg = body.startsWith("!") || body.startsWith("^");
                if (neg) {
                    body = body.substring(1);
                }
                StringBuilder cls = new StringBuilder(neg ? "[^" : "[");
                for (char b : body.toCharArray()) {
                    cls.append(b == '-' ? "-" : Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                }
                re.append(cls).append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), fold ? Pattern.CASE_INSENSITIVE : 0);
    }

    private static List<String> components(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** Some pattern's components are a prefix of the path's, each matched as a glob. */
    private static boolean pmatch(String path, String pattern) {
        List<String> p = components(pattern);
        List<String> v = components(path);
        if (p.size() > v.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            String pc = p.get(i);
            boolean glob = pc.contains("*") || pc.contains("?") || pc.contains("[");
            if (glob ? !globRegex(pc, false).matcher(v.get(i)).matches() : !pc.equals(v.get(i))) {
                return false;
            }
        }
        return true;
    }
}
