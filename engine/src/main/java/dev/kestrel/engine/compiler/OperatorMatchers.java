package dev.kestrel.engine.compiler;

import com.google.re2j.Pattern;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.engine.typing.IpNetwork;
import dev.kestrel.engine.typing.Literals;
import dev.kestrel.engine.typing.OperatorTable;
import dev.kestrel.engine.typing.RegexPatterns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the compiled operator for a literal right-hand side, after checking with {@link OperatorTable}
 * that the operator applies to the field's type and parsing the literals with {@link Literals}.
 * Throws {@link IllegalArgumentException} with a sentence on a mismatch or a bad literal.
 */
final class OperatorMatchers {

    private static void require(Operator op, Modifier mod, FieldType type) {
        String problem = OperatorTable.problem(op, mod, type, false);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    StringMatchers.Matcher string(Operator op, Modifier mod, List<String> values, FieldType type) {
        require(op, mod, type);
        if (mod != null) {
            List<StringMatchers.Matcher> parts = new ArrayList<>();
            for (String v : values) {
                parts.add(string(op, null, List.of(v), type));
            }
            return new StringMatchers.Modified(parts.toArray(StringMatchers.Matcher[]::new), mod);
        }
        return switch (op) {
            case IN, INTERSECTS -> new StringMatchers.InSet(new HashSet<>(values));
            case PMATCH -> new StringMatchers.PathPrefix(PathPrefixTrie.of(values));
            case EQ, EQEQ -> new StringMatchers.Equals(CheckCompiler.single(values));
            case NE -> new StringMatchers.NotEquals(CheckCompiler.single(values));
            case CONTAINS -> new StringMatchers.Contains(CheckCompiler.single(values));
            case ICONTAINS -> new StringMatchers.IContains(CheckCompiler.single(values));
            case STARTSWITH -> new StringMatchers.StartsWith(CheckCompiler.single(values));
            case ENDSWITH -> new StringMatchers.EndsWith(CheckCompiler.single(values));
            case BCONTAINS -> new StringMatchers.Contains(Literals.parseHexBytes(CheckCompiler.single(values)));
            case BSTARTSWITH -> new StringMatchers.StartsWith(Literals.parseHexBytes(CheckCompiler.single(values)));
            case GLOB -> new StringMatchers.Glob(GlobPattern.compile(CheckCompiler.single(values), false));
            case IGLOB -> new StringMatchers.Glob(GlobPattern.compile(CheckCompiler.single(values), true));
            case REGEX -> new StringMatchers.Regex(regex(CheckCompiler.single(values)));
            case LT -> new StringMatchers.Order(CheckCompiler.single(values), -1, false);
            case LE -> new StringMatchers.Order(CheckCompiler.single(values), -1, true);
            case GT -> new StringMatchers.Order(CheckCompiler.single(values), 1, false);
            case GE -> new StringMatchers.Order(CheckCompiler.single(values), 1, true);
        };
    }

    Pattern regex(String text) {
        return RegexPatterns.compile(text);
    }

    ValueMatchers.Num number(Operator op, Modifier mod, List<String> values, FieldType type) {
        require(op, mod, type);
        if (mod != null) {
            List<ValueMatchers.Num> parts = new ArrayList<>();
            for (String v : values) {
                parts.add(number(op, null, List.of(v), type));
            }
            return new ValueMatchers.NumModified(parts.toArray(ValueMatchers.Num[]::new), mod);
        }
        boolean unsigned = Literals.isUnsigned(type);
        if (op == Operator.IN || op == Operator.INTERSECTS) {
            long[] parsed = new long[values.size()];
            for (int i = 0; i < parsed.length; i++) {
                parsed[i] = Literals.parseInteger(values.get(i), type);
            }
            return new ValueMatchers.NumIn(parsed);
        }
        long v = Literals.parseInteger(CheckCompiler.single(values), type);
        return switch (op) {
            case EQ, EQEQ -> new ValueMatchers.NumEquals(v, false);
            case NE -> new ValueMatchers.NumEquals(v, true);
            case LT -> new ValueMatchers.NumOrder(v, -1, false, unsigned);
            case LE -> new ValueMatchers.NumOrder(v, -1, true, unsigned);
            case GT -> new ValueMatchers.NumOrder(v, 1, false, unsigned);
            default -> new ValueMatchers.NumOrder(v, 1, true, unsigned);
        };
    }

    ValueMatchers.Dbl dbl(Operator op, Modifier mod, List<String> values) {
        require(op, mod, FieldType.DOUBLE);
        if (mod != null) {
            throw new IllegalArgumentException("oneof/anyof/allof do not apply to double fields");
        }
        double[] parsed = values.stream().mapToDouble(Literals::parseDouble).toArray();
        return switch (op) {
            case EQ, EQEQ, IN, INTERSECTS -> new ValueMatchers.Dbl(parsed, 0, false, false);
            case NE -> new ValueMatchers.Dbl(parsed, 0, false, true);
            case LT -> new ValueMatchers.Dbl(one(parsed), -1, false, false);
            case LE -> new ValueMatchers.Dbl(one(parsed), -1, true, false);
            case GT -> new ValueMatchers.Dbl(one(parsed), 1, false, false);
            default -> new ValueMatchers.Dbl(one(parsed), 1, true, false);
        };
    }

    private static double[] one(double[] parsed) {
        if (parsed.length != 1) {
            throw new IllegalArgumentException("this operator takes one value, not a list");
        }
        return parsed;
    }

    /** {accept true, accept false}. */
    boolean[] bool(Operator op, Modifier mod, List<String> values) {
        require(op, mod, FieldType.BOOL);
        if (mod != null) {
            throw new IllegalArgumentException("oneof/anyof/allof do not apply to bool fields");
        }
        boolean t = false;
        boolean f = false;
        for (String v : values) {
            if (Literals.parseBool(v)) {
                t = true;
            } else {
                f = true;
            }
        }
        if (op == Operator.NE) {
            CheckCompiler.single(values);
            return new boolean[] {!t, !f};
        }
        if (op != Operator.IN && op != Operator.INTERSECTS) {
            CheckCompiler.single(values);
        }
        return new boolean[] {t, f};
    }

    ValueMatchers.Ip ip(Operator op, Modifier mod, List<String> values, FieldType type) {
        require(op, mod, type);
        if (mod != null) {
            if (op != Operator.EQ && op != Operator.EQEQ && op != Operator.NE) {
                throw new IllegalArgumentException("with oneof/anyof/allof, address fields take only == and !=");
            }
            List<ValueMatchers.Ip> parts = new ArrayList<>();
            for (String v : values) {
                parts.add(ip(op, null, List.of(v), type));
            }
            return new ValueMatchers.IpModified(parts.toArray(ValueMatchers.Ip[]::new), mod);
        }
        boolean negate = op == Operator.NE;
        if (op != Operator.IN && op != Operator.INTERSECTS) {
            CheckCompiler.single(values);
        }
        if (type == FieldType.IPNET) {
            IpNetwork[] nets = values.stream().map(Literals::parseNetwork).toArray(IpNetwork[]::new);
            return new ValueMatchers.NetIn(nets, negate);
        }
        Set<IpAddress> addrs = new HashSet<>();
        values.forEach(v -> addrs.add(Literals.parseAddress(v)));
        return new ValueMatchers.IpIn(addrs, negate);
    }
}
