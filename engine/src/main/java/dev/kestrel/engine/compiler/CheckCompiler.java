package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.engine.typing.Literals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Compiles one check ({@code exists} or a comparison) into a node specialised for the operator and the
 * kind of value the left side yields: single strings, numbers, doubles, bools and addresses; ancestor
 * fields (true if any ancestor satisfies the check, for every operator); list fields ({@code in} =
 * every element in the set, {@code intersects} = some); and either-endpoint socket fields.
 */
final class CheckCompiler {

    /** The compiled left side: a source (see {@link CompileSession#sourceOf}) and how to compare it. */
    record Left(Object source, FieldType type, FieldDescriptor descriptor, String text) {
        boolean list() {
            return source instanceof ListSources.StrList || descriptor != null && descriptor.has(FieldFlag.LIST);
        }

        boolean noRhs() {
            return descriptor != null && descriptor.has(FieldFlag.NO_RHS);
        }
    }

    private final CompileSession session;
    private final OperatorMatchers matchers;

    CheckCompiler(CompileSession session) {
        this.session = session;
        this.matchers = new OperatorMatchers();
    }

    Cond exists(Expr.Exists e) {
        Left left = left(e.left());
        return Checks.exists(left.source());
    }

    Cond comparison(Expr.Comparison c) {
        Left left = left(c.left());
        Operator op = c.operator();
        Position at = c.position();
        Value right = c.right();
        if (right instanceof Value.ListName n) {
            throw new CompileProblem("'" + n.name() + "' is not a defined list", n.position());
        }
        if (right instanceof Value.FieldValue || right instanceof Value.TransformValue) {
            return pair(left, op, right, at);
        }
        List<String> values = literals(right);
        try {
            return literalCheck(left, op, c.modifier(), values, at);
        } catch (IllegalArgumentException e) {
            throw new CompileProblem(left.text() + " " + op.text() + ": " + e.getMessage(), at);
        }
    }

    private static List<String> literals(Value right) {
        if (right instanceof Value.Literal l) {
            return List.of(l.text());
        }
        List<String> out = new ArrayList<>();
        for (Value.Literal l : ((Value.ListLiteral) right).items()) {
            out.add(l.text());
        }
        return out;
    }

    private Cond literalCheck(Left left, Operator op, Modifier mod,
            List<String> values, Position at) {
        Object src = left.source();
        FieldType type = left.type();
        if (src instanceof FieldAccessor.OfEndpoints ep) {
            return endpoints(left, ep, op, mod, values, at);
        }
        if (left.list()) {
            if (op != Operator.IN && op != Operator.INTERSECTS) {
                throw new IllegalArgumentException("list fields only take 'in' and 'intersects'");
            }
            boolean all = op == Operator.IN;
            if (src instanceof ListSources.StrList l) {
                return new ListSources.StrListCheck(l, matchers.string(Operator.IN, null, values, type), all);
            }
            if (src instanceof FieldAccessor.OfStrings s) {
                StringMatchers.Matcher m = matchers.string(Operator.IN, null, values, type);
                return all ? new Checks.StringsAll(s, m) : new Checks.StringsAny(s, m);
            }
            if (src instanceof FieldAccessor.OfLongs s) {
                ValueMatchers.Num m = matchers.number(Operator.IN, null, values, type);
                return all ? new Checks.LongsAll(s, m) : new Checks.LongsAny(s, m);
            }
        }
        if (src instanceof FieldAccessor.OfStrings s) {
            return new Checks.StringsAny(s, matchers.string(op, mod, values, type));
        }
        if (src instanceof FieldAccessor.OfLongs s) {
            return new Checks.LongsAny(s, matchers.number(op, mod, values, type));
        }
        if (src instanceof Sources.Str s) {
            if (mod == null && type != FieldType.BYTEBUF) {
                switch (op) {
                    case REGEX:
                        return new Checks.RegexCheck(s, matchers.regex(single(values)), session.newSlot());
                    case EQ, EQEQ:
                        return new Checks.StrEquals(s, single(values));
                    case IN, INTERSECTS:
                        return new Checks.StrIn(s, new HashSet<>(values));
                    case STARTSWITH:
                        return new Checks.StrStartsWith(s, single(values));
                    default:
                        break;
                }
            }
            return new Checks.StrCheck(s, matchers.string(op, mod, values, type));
        }
        if (src instanceof Sources.Num s) {
            return new Checks.NumCheck(s, matchers.number(op, mod, values, type));
        }
        if (mod != null && (src instanceof Sources.Dbl || src instanceof Sources.Bool)) {
            // oneof/anyof/allof: the operator on each listed value, counted
            Cond[] parts = new Cond[values.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = literalCheck(left, op, null, List.of(values.get(i)), at);
            }
            return new Checks.ModifiedCheck(parts, mod);
        }
        if (src instanceof Sources.Dbl s) {
            return new Checks.DblCheck(s, matchers.dbl(op, mod, values));
        }
        if (src instanceof Sources.Bool s) {
            boolean[] accept = matchers.bool(op, mod, values);
            return new Checks.BoolCheck(s, accept[0], accept[1]);
        }
        if (src instanceof Sources.Ip s) {
            return new Checks.IpCheck(s, matchers.ip(op, mod, values, type));
        }
        throw new CompileProblem("field " + left.text() + " cannot be compared", at);
    }

    private Cond endpoints(Left left, FieldAccessor.OfEndpoints ep, Operator op,
            Modifier mod, List<String> values, Position at) {
        boolean negate = op == Operator.NE && mod == null;
        Operator sideOp = negate ? Operator.EQ : op;
        Left client = new Left(session.sideSource(ep.client(), left.text() + "#client"), left.type(), null, left.text());
        Left server = new Left(session.sideSource(ep.server(), left.text() + "#server"), left.type(), null, left.text());
        return new Checks.Endpoints(ep, literalCheck(client, sideOp, mod, values, at),
                literalCheck(server, sideOp, mod, values, at), negate);
    }

    static String single(List<String> values) {
        if (values.size() != 1) {
            throw new IllegalArgumentException("this operator takes one value, not a list");
        }
        return values.get(0);
    }

    private Cond pair(Left left, Operator op, Value right, Position at) {
        Left r;
        if (right instanceof Value.FieldValue fv) {
            r = field(fv.field());
        } else {
            r = left(((Value.TransformValue) right).transform());
        }
        if (left.noRhs() || r.noRhs() || left.list() || r.list()) {
            throw new CompileProblem("val() and right-hand transformers do not apply to " + (left.noRhs() || left.list()
                    ? left.text() : r.text()), at);
        }
        if (op == Operator.REGEX || op == Operator.PMATCH) {
            throw new CompileProblem("'" + op.text() + "' needs literal values, not val() or a transformer", at);
        }
        Object l = left.source();
        Object rs = r.source();
        if (l instanceof Sources.Str a && rs instanceof Sources.Str b) {
            return new PairChecks.StrPair(a, b, op);
        }
        if (l instanceof Sources.Num a && rs instanceof Sources.Num b) {
            return new PairChecks.NumPair(a, b, op, Literals.isUnsigned(left.type()));
        }
        if (l instanceof Sources.Dbl a && rs instanceof Sources.Dbl b) {
            return new PairChecks.DblPair(a, b, op);
        }
        // a single right-hand value: in and intersects mean equality, as for strings and numbers
        boolean eqOrNe = op == Operator.EQ || op == Operator.EQEQ || op == Operator.NE || op == Operator.IN
                || op == Operator.INTERSECTS;
        if (l instanceof Sources.Bool a && rs instanceof Sources.Bool b && eqOrNe) {
            return new PairChecks.BoolPair(a, b, op == Operator.NE);
        }
        if (l instanceof Sources.Ip a && rs instanceof Sources.Ip b && eqOrNe && left.type() != FieldType.IPNET
                && r.type() != FieldType.IPNET) {
            return new PairChecks.IpPair(a, b, op == Operator.NE);
        }
        throw new CompileProblem(left.text() + " and " + r.text() + " have different types and cannot be compared"
                + " with '" + op.text() + "'", at);
    }

    Left left(Operand operand) {
        if (operand instanceof Operand.Field f) {
            return field(f);
        }
        if (operand instanceof Operand.Constant c) {
            return new Left(new ListSources.Constant(c.text()), FieldType.STRING, null, "\"" + c.text() + "\"");
        }
        if (operand instanceof Operand.Group g) {
            Object[] items = new Object[g.items().size()];
            for (int i = 0; i < items.length; i++) {
                Left item = left(g.items().get(i));
                items[i] = item.source() instanceof ListSources.StrList l ? l
                        : item.source() instanceof FieldAccessor.OfStrings strings ? new ListSources.FieldStrings(strings)
                        : text(item, g.position());
            }
            return new Left(new ListSources.Group(items), FieldType.STRING, null, "(...)");
        }
        Operand.Transform t = (Operand.Transform) operand;
        return switch (t.transformer()) {
            case JOIN, CONCAT, GETOPT -> multiValue(t);
            default -> singleValue(t);
        };
    }

    private Left singleValue(Operand.Transform t) {
        String text = t.transformer().text() + "(...)";
        if (t.arguments().size() != 1 || t.argument() != null) {
            throw new CompileProblem("transformer '" + t.transformer().text() + "' takes exactly one argument and"
                    + " no field argument", t.position());
        }
        Left inner = left(t.arguments().get(0));
        if (inner.descriptor() != null && inner.descriptor().has(FieldFlag.NO_TRANSFORMER)) {
            throw new CompileProblem("transformers do not apply to " + inner.text(), t.position());
        }
        Object src = inner.source();
        switch (t.transformer()) {
            case TOLOWER, TOUPPER, BASENAME, B64 -> {
                if (!(src instanceof Sources.Str s)) {
                    throw new CompileProblem(t.transformer().text() + "() applies to single string values only, not "
                            + inner.text(), t.position());
                }
                Sources.StrTransform.Kind k = Sources.StrTransform.Kind.valueOf(t.transformer().name());
                return new Left(new Sources.StrTransform(k, s), FieldType.STRING, null, text);
            }
            case LEN -> {
                Object n;
                if (src instanceof Sources.Str s) {
                    n = new Sources.StrLength(s);
                } else if (src instanceof ListSources.StrList l) {
                    n = new ListSources.Count(l);
                } else if (src instanceof FieldAccessor.OfStrings s && inner.list()) {
                    n = new Sources.StringsCount(s, session.newSlot());
                } else if (src instanceof FieldAccessor.OfLongs s && inner.list()) {
                    n = new Sources.LongsCount(s, session.newSlot());
                } else {
                    throw new CompileProblem("len() applies to strings and list fields, not " + inner.text(),
                            t.position());
                }
                return new Left(n, FieldType.UINT64, null, text);
            }
            default -> throw new CompileProblem("transformer " + t.transformer().text() + " is not supported",
                    t.position());
        }
    }

    /** {@code join}, {@code concat} and {@code getopt}; the loader has checked their arguments. */
    private Left multiValue(Operand.Transform t) {
        List<Left> args = new ArrayList<>();
        for (Operand a : t.arguments()) {
            args.add(left(a));
        }
        String text = t.transformer().text() + "(...)";
        switch (t.transformer()) {
            case JOIN -> {
                if (args.size() != 2 || !(args.get(1).source() instanceof ListSources.StrList list)) {
                    throw new CompileProblem("join() takes a separator and a list", t.position());
                }
                return new Left(new ListSources.Join(text(args.get(0), t.position()), list), FieldType.STRING,
                        null, text);
            }
            case CONCAT -> {
                Sources.Str[] parts = new Sources.Str[args.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = text(args.get(i), t.position());
                }
                return new Left(new ListSources.Concat(parts), FieldType.STRING, null, text);
            }
            default -> {
                if (args.size() != 2 || !(args.get(0).source() instanceof ListSources.StrList list)) {
                    throw new CompileProblem("getopt() takes a list of arguments and an optstring", t.position());
                }
                Sources.Str opts = text(args.get(1), t.position());
                if (t.argument() != null) {
                    return new Left(new ListSources.GetoptSelect(list, opts, t.argument().charAt(0)),
                            FieldType.STRING, null, text);
                }
                return new Left(new ListSources.Getopt(list, opts), FieldType.STRING, null, text);
            }
        }
    }

    /** A single value of any kind as a string source; list fields become a {@link ListSources.StrList}. */
    private Sources.Str text(Left item, Position at) {
        Object src = item.source();
        if (src instanceof Sources.Str s) {
            return s;
        }
        if (src instanceof Sources.Num || src instanceof Sources.Dbl || src instanceof Sources.Bool
                || src instanceof Sources.Ip) {
            return new ListSources.Text(src, Literals.isUnsigned(item.type()));
        }
        throw new CompileProblem(item.text() + " cannot be used as a single value here", at);
    }

    private Left field(Operand.Field f) {
        FieldRef ref = session.resolve(f);
        FieldAccessor acc = session.bind(ref, f);
        FieldDescriptor d = ref.descriptor();
        FieldType type = d.type();
        if (type == FieldType.DYNAMIC) {
            type = acc instanceof FieldAccessor.OfLong ? FieldType.INT64
                    : acc instanceof FieldAccessor.OfDouble ? FieldType.DOUBLE
                    : acc instanceof FieldAccessor.OfBool ? FieldType.BOOL
                    : acc instanceof FieldAccessor.OfIp ? FieldType.IPADDR : FieldType.STRING;
        }
        return new Left(session.sourceOf(acc, ref.text()), type, d, f.text());
    }
}
