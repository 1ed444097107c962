package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates Falco condition ASTs (macros and lists already folded in) into MVEL expressions over an
 * {@link MvelRow}, the way a Java team embedding "a rule engine" would write them by hand: each field
 * check guarded by {@code has(slot)} so a field without a value makes the check false, as in Falco.
 * One translator serves a whole ruleset, so rules share field slots and constants.
 */
public final class MvelTranslator {

    /** Finds the accessor for a field written in a condition. */
    @FunctionalInterface
    public interface FieldResolver {
        FieldAccessor resolve(Operand.Field field) throws UnsupportedConditionException;
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 _./:,+=-]*");

    private final FieldResolver resolver;
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<FieldAccessor> accessors = new ArrayList<>();
    private final MvelConstants constants = new MvelConstants();

    public MvelTranslator(FieldResolver resolver) {
        this.resolver = resolver;
    }

    /** The MVEL text of {@code condition}. */
    public String translate(Expr condition) throws UnsupportedConditionException {
        if (condition instanceof Expr.And and) {
            return join(and.children(), " && ");
        } else if (condition instanceof Expr.Or or) {
            return join(or.children(), " || ");
        } else if (condition instanceof Expr.Not not) {
            return "!(" + translate(not.operand()) + ")";
        } else if (condition instanceof Expr.Exists exists) {
            return exists(field(exists.left()));
        } else if (condition instanceof Expr.Comparison comparison) {
            return comparison(comparison);
        }
        throw new UnsupportedConditionException("unresolved macro " + ((Expr.MacroRef) condition).name());
    }

    /** How many distinct fields the translated conditions read. */
    public int fieldCount() {
        return accessors.size();
    }

    /** A fresh context for expressions translated so far; one per evaluating thread. */
    MvelRow newRow() {
        return new MvelRow(accessors, constants);
    }

    private String join(List<Expr> children, String separator) throws UnsupportedConditionException {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(translate(children.get(i)));
        }
        return out.append(')').toString();
    }

    private Operand.Field field(Operand operand) throws UnsupportedConditionException {
        if (operand instanceof Operand.Field f) {
            return f;
        }
        throw new UnsupportedConditionException("transformers are not translated to MVEL");
    }

    private FieldAccessor accessor(Operand.Field field) throws UnsupportedConditionException {
        return resolver.resolve(field);
    }

    private int slot(String key, FieldAccessor accessor) {
        return slots.computeIfAbsent(key, k -> {
            accessors.add(accessor);
            return accessors.size() - 1;
        });
    }

    private String exists(Operand.Field field) throws UnsupportedConditionException {
        FieldAccessor accessor = accessor(field);
        if (accessor instanceof FieldAccessor.OfEndpoints ends) {
            return "(has(" + slot(field.text() + "#client", ends.client()) + ") || has("
                    + slot(field.text() + "#server", ends.server()) + "))";
        }
        return "has(" + slot(field.text(), accessor) + ")";
    }

    private String comparison(Expr.Comparison c) throws UnsupportedConditionException {
        if (c.modifier() != null) {
            throw new UnsupportedConditionException("modifier " + c.modifier().text() + " is not translated");
        }
        Operand.Field field = field(c.left());
        List<String> values = literals(c);
        FieldAccessor accessor = accessor(field);
        boolean network = fieldType(accessor) == FieldType.IPNET;
        if (accessor instanceof FieldAccessor.OfEndpoints ends) {
            network |= fieldType(ends) == FieldType.IPNET;
            String client = single(c.operator(), values, ends.client(), slot(field.text() + "#client", ends.client()), network);
            String server = single(c.operator(), values, ends.server(), slot(field.text() + "#server", ends.server()), network);
            return "(" + client + (c.operator() == Operator.NE ? " && " : " || ") + server + ")";
        }
        if (accessor instanceof FieldAccessor.OfStrings || accessor instanceof FieldAccessor.OfLongs) {
            return multi(c.operator(), values, accessor, slot(field.text(), accessor));
        }
        return single(c.operator(), values, accessor, slot(field.text(), accessor), network);
    }

    private static FieldType fieldType(FieldAccessor accessor) {
        return accessor.field() == null ? null : accessor.field().descriptor().type();
    }

    private static List<String> literals(Expr.Comparison c) throws UnsupportedConditionException {
        if (c.right() instanceof Value.Literal l) {
            return List.of(l.text());
        } else if (c.right() instanceof Value.ListLiteral list) {
            return list.items().stream().map(Value.Literal::text).toList();
        } else if (c.right() instanceof Value.ListName n) {
            throw new UnsupportedConditionException("unknown list " + n.name());
        }
        throw new UnsupportedConditionException("val() and transformer values are not translated");
    }

    private String single(Operator op, List<String> values, FieldAccessor accessor, int slot, boolean network)
            throws UnsupportedConditionException {
        if (!op.takesList() && values.size() != 1) {
            throw new UnsupportedConditionException("operator " + op.text() + " takes one value");
        }
        String test;
        if (accessor instanceof FieldAccessor.OfString) {
            test = stringTest(op, values, slot);
        } else if (accessor instanceof FieldAccessor.OfLong) {
            test = numberTest(op, values, "num(" + slot + ")", false);
        } else if (accessor instanceof FieldAccessor.OfDouble) {
            test = numberTest(op, values, "dbl(" + slot + ")", true);
        } else if (accessor instanceof FieldAccessor.OfBool) {
            test = boolTest(op, values, slot);
        } else if (accessor instanceof FieldAccessor.OfIp) {
            test = ipTest(op, values, slot, network);
        } else {
            throw new UnsupportedConditionException("field " + accessor.field().text() + " has no single value");
        }
        return "(has(" + slot + ") && " + test + ")";
    }

    private String stringTest(Operator op, List<String> values, int slot) throws UnsupportedConditionException {
        String v = "str(" + slot + ")";
        String first = values.isEmpty() ? "" : values.get(0);
        return switch (op) {
            case EQ, EQEQ -> v + " == " + quote(first);
            case NE -> v + " != " + quote(first);
            case CONTAINS -> v + ".contains(" + quote(first) + ")";
            case ICONTAINS -> v + ".toLowerCase().contains(" + quote(first.toLowerCase(Locale.ROOT)) + ")";
            case STARTSWITH -> v + ".startsWith(" + quote(first) + ")";
            case ENDSWITH -> v + ".endsWith(" + quote(first) + ")";
            case LT -> v + ".compareTo(" + quote(first) + ") < 0";
            case LE -> v + ".compareTo(" + quote(first) + ") <= 0";
            case GT -> v + ".compareTo(" + quote(first) + ") > 0";
            case GE -> v + ".compareTo(" + quote(first) + ") >= 0";
            case GLOB, IGLOB -> "pat(" + MvelConstants.add(constants.patterns, GlobPattern.compile(first, op == Operator.IGLOB))
                    + ").matcher(" + v + ").matches()";
            case REGEX -> "pat(" + MvelConstants.add(constants.patterns, compileRegex(first)) + ").matcher(" + v + ").matches()";
            case IN, INTERSECTS -> "set(" + MvelConstants.add(constants.sets, Set.copyOf(new LinkedHashSet<>(values)))
                    + ").contains(" + v + ")";
            case PMATCH -> "pmatch(" + slot + ", " + MvelConstants.add(constants.prefixes, List.copyOf(values)) + ")";
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for strings");
        };
    }

    private static Pattern compileRegex(String text) throws UnsupportedConditionException {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new UnsupportedConditionException("bad regex " + text);
        }
    }

    private static String numberTest(Operator op, List<String> values, String v, boolean decimal)
            throws UnsupportedConditionException {
        List<String> numbers = new ArrayList<>();
        for (String value : values) {
            numbers.add(number(value, decimal));
        }
        if (op == Operator.IN || op == Operator.INTERSECTS) {
            if (numbers.isEmpty()) {
                return "false";
            }
            StringBuilder out = new StringBuilder("(");
            for (int i = 0; i < numbers.size(); i++) {
                out.append(i > 0 ? " || " : "").append(v).append(" == ").append(numbers.get(i));
            }
            return out.append(')').toString();
        }
        String symbol = switch (op) {
            case EQ, EQEQ -> "==";
            case NE -> "!=";
            case LT, LE, GT, GE -> op.text();
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for numbers");
        };
        return v + " " + symbol + " " + numbers.get(0);
    }

    private static String number(String text, boolean decimal) throws UnsupportedConditionException {
        try {
            long n = Long.parseLong(text);
            String literal = n > Integer.MAX_VALUE || n < Integer.MIN_VALUE ? n + "L" : Long.toString(n);
            return n < 0 ? "(" + literal + ")" : literal;
        } catch (NumberFormatException e) {
            throw new UnsupportedConditionException("not a number: " + text + (decimal ? " (doubles take integers)" : ""));
        }
    }

    private static String boolTest(Operator op, List<String> values, int slot) throws UnsupportedConditionException {
        boolean wantTrue = false;
        boolean wantFalse = false;
        for (String value : values) {
            switch (value) {
                case "true" -> wantTrue = true;
                case "false" -> wantFalse = true;
                default -> throw new UnsupportedConditionException("not a boolean: " + value);
            }
        }
        String v = "flag(" + slot + ")";
        return switch (op) {
            case EQ, EQEQ -> wantTrue ? v : "!" + v;
            case NE -> wantTrue ? "!" + v : v;
            case IN, INTERSECTS -> wantTrue && wantFalse ? "true" : wantTrue ? v : wantFalse ? "!" + v : "false";
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for booleans");
        };
    }

    private String ipTest(Operator op, List<String> values, int slot, boolean network) throws UnsupportedConditionException {
        List<String> tests = new ArrayList<>();
        for (String value : values) {
            if (network || value.indexOf('/') >= 0) {
                IpNetwork net = IpNetwork.parse(value);
                if (net == null) {
                    throw new UnsupportedConditionException("not a network: " + value);
                }
                tests.add("net(" + MvelConstants.add(constants.networks, net) + ").contains(ip(" + slot + "))");
            } else {
                IpAddress address = IpAddress.parse(value);
                if (address == null) {
                    throw new UnsupportedConditionException("not an address: " + value);
                }
                tests.add("addr(" + MvelConstants.add(constants.addresses, address) + ").equals(ip(" + slot + "))");
            }
        }
        return switch (op) {
            case EQ, EQEQ -> tests.get(0);
            case NE -> "!" + tests.get(0);
            case IN, INTERSECTS -> tests.isEmpty() ? "false" : "(" + String.join(" || ", tests) + ")";
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for addresses");
        };
    }

    /**
     * Multi-valued fields: list fields ({@code fd.types}: {@code in} = every element in the set,
     * {@code intersects} = some element) and unindexed ancestor fields ({@code proc.aname}: some
     * ancestor passes the check, for every operator).
     */
    private String multi(Operator op, List<String> values, FieldAccessor accessor, int slot)
            throws UnsupportedConditionException {
        boolean list = accessor.field() != null && accessor.field().descriptor().has(FieldFlag.LIST);
        if (accessor instanceof FieldAccessor.OfLongs) {
            LongPredicate test = MultiValueTests.longTest(op, values);
            int k = MvelConstants.add(constants.longTests, test);
            return (list && op == Operator.IN ? "allLong(" : "anyLong(") + slot + ", " + k + ")";
        }
        Predicate<String> test = MultiValueTests.stringTest(op, values);
        int k = MvelConstants.add(constants.stringTests, test);
        return (list && op == Operator.IN ? "all(" : "any(") + slot + ", " + k + ")";
    }

    private String quote(String text) {
        if (PLAIN.matcher(text).matches()) {
            return "\"" + text + "\"";
        }
        return "lit(" + MvelConstants.add(constants.strings, text) + ")";
    }
}
