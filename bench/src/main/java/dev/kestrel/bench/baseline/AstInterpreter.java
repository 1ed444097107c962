package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain baseline: walks each rule's AST for every event, with no event-type index, no sharing
 * of fields between rules, accessors found in a side table per check, literals interpreted at each
 * check and lists scanned. What a first, straightforward implementation of the language costs.
 */
public final class AstInterpreter {
    private final List<String> names = new ArrayList<>();
    private final List<Expr> conditions = new ArrayList<>();
    private final Map<Operand.Field, FieldAccessor> accessors = new IdentityHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    /** Binds the fields of {@code rules}; a rule with a field the resolver rejects is listed in {@link #skipped()}. */
    public AstInterpreter(List<NamedCondition> rules, MvelTranslator.FieldResolver resolver) {
        for (NamedCondition rule : rules) {
            Map<Operand.Field, FieldAccessor> bound = new IdentityHashMap<>();
            try {
                bind(rule.condition(), resolver, bound);
            } catch (UnsupportedConditionException e) {
                skipped.put(rule.name(), e.getMessage());
                continue;
            }
            accessors.putAll(bound);
            names.add(rule.name());
            conditions.add(rule.condition());
        }
    }

    private static void bind(Expr e, MvelTranslator.FieldResolver resolver, Map<Operand.Field, FieldAccessor> out)
            throws UnsupportedConditionException {
        if (e instanceof Expr.And and) {
            for (Expr c : and.children()) {
                bind(c, resolver, out);
            }
        } else if (e instanceof Expr.Or or) {
            for (Expr c : or.children()) {
                bind(c, resolver, out);
            }
        } else if (e instanceof Expr.Not not) {
            bind(not.operand(), resolver, out);
        } else if (e instanceof Expr.Exists x && x.left() instanceof Operand.Field f) {
            out.put(f, resolver.resolve(f));
        } else if (e instanceof Expr.Comparison c && c.left() instanceof Operand.Field f && c.modifier() == null
                && (c.right() instanceof Value.Literal || c.right() instanceof Value.ListLiteral)) {
            out.put(f, resolver.resolve(f));
        } else {
            throw new UnsupportedConditionException("not interpreted: " + e.getClass().getSimpleName());
        }
    }

    public List<String> ruleNames() {
        return List.copyOf(names);
    }

    public Map<String, String> skipped() {
        return Map.copyOf(skipped);
    }

    /** Whether rule number {@code rule} matches {@code ctx}. */
    public boolean matches(int rule, EventContext ctx) {
        return eval(conditions.get(rule), ctx);
    }

    /** Evaluates every rule on {@code ctx}; returns the matches. */
    public int evaluateAll(EventContext ctx) {
        int matches = 0;
        for (Expr condition : conditions) {
            if (eval(condition, ctx)) {
                matches++;
            }
        }
        return matches;
    }

    private boolean eval(Expr e, EventContext ctx) {
        if (e instanceof Expr.And and) {
            for (Expr c : and.children()) {
                if (!eval(c, ctx)) {
                    return false;
                }
            }
            return true;
        } else if (e instanceof Expr.Or or) {
            for (Expr c : or.children()) {
                if (eval(c, ctx)) {
                    return true;
                }
            }
            return false;
        } else if (e instanceof Expr.Not not) {
            return !eval(not.operand(), ctx);
        } else if (e instanceof Expr.Exists x) {
            return accessors.get((Operand.Field) x.left()).present(ctx);
        }
        Expr.Comparison c = (Expr.Comparison) e;
        return compare(accessors.get((Operand.Field) c.left()), c.operator(), literals(c.right()), ctx);
    }

    private static List<String> literals(Value v) {
        if (v instanceof Value.Literal l) {
            return List.of(l.text());
        }
        List<String> out = new ArrayList<>();
        for (Value.Literal l : ((Value.ListLiteral) v).items()) {
            out.add(l.text());
        }
        return out;
    }

    private static boolean compare(FieldAccessor a, Operator op, List<String> values, EventContext ctx) {
        if (a instanceof FieldAccessor.OfEndpoints ends) {
            boolean network = ends.field() != null && ends.field().descriptor().type() == FieldType.IPNET;
            boolean client = network ? compareNet(ends.client(), op, values, ctx) : compare(ends.client(), op, values, ctx);
            boolean server = network ? compareNet(ends.server(), op, values, ctx) : compare(ends.server(), op, values, ctx);
            return op == Operator.NE ? client && server : client || server;
        }
        if (!a.present(ctx)) {
            return false;
        }
        if (a instanceof FieldAccessor.OfString s) {
            return compareText(s.get(ctx), op, values);
        } else if (a instanceof FieldAccessor.OfLong l) {
            long v = l.get(ctx);
            return compareNumbers(v, op, values);
        } else if (a instanceof FieldAccessor.OfBool b) {
            return compareText(Boolean.toString(b.get(ctx)), op, values);
        } else if (a instanceof FieldAccessor.OfIp ip) {
            if (a.field() != null && a.field().descriptor().type() == FieldType.IPNET) {
                return compareNet(a, op, values, ctx);
            }
            IpAddress address = ip.get(ctx);
            boolean any = values.stream().anyMatch(t -> address.equals(IpAddress.parse(t)));
            return op == Operator.NE ? !any : any;
        } else if (a instanceof FieldAccessor.OfStrings many) {
            boolean list = a.field() != null && a.field().descriptor().has(FieldFlag.LIST);
            return list && op == Operator.IN ? many.allMatch(ctx, v -> values.contains(v))
                    : many.anyMatch(ctx, v -> compareText(v, op, values));
        } else if (a instanceof FieldAccessor.OfLongs many) {
            return many.anyMatch(ctx, v -> compareNumbers(v, op, values));
        }
        return false;
    }

    private static boolean compareNet(FieldAccessor a, Operator op, List<String> values, EventContext ctx) {
        if (!a.present(ctx)) {
            return false;
        }
        IpAddress address = ((FieldAccessor.OfIp) a).get(ctx);
        boolean any = values.stream().map(IpNetwork::parse).anyMatch(n -> n != null && n.contains(address));
        return op == Operator.NE ? !any : any;
    }

    private static boolean compareNumbers(long v, Operator op, List<String> values) {
        return switch (op) {
            case EQ, EQEQ -> v == Long.parseLong(values.get(0));
            case NE -> v != Long.parseLong(values.get(0));
            case LT -> v < Long.parseLong(values.get(0));
            case LE -> v <= Long.parseLong(values.get(0));
            case GT -> v > Long.parseLong(values.get(0));
            case GE -> v >= Long.parseLong(values.get(0));
            case IN, INTERSECTS -> values.stream().anyMatch(t -> Long.parseLong(t) == v);
            default -> false;
        };
    }

    private static boolean compareText(String v, Operator op, List<String> values) {
        String first = values.isEmpty() ? "" : values.get(0);
        return switch (op) {
            case EQ, EQEQ -> v.equals(first);
            case NE -> !v.equals(first);
            case CONTAINS -> v.contains(first);
            case ICONTAINS -> v.toLowerCase(Locale.ROOT).contains(first.toLowerCase(Locale.ROOT));
            case STARTSWITH -> v.startsWith(first);
            case ENDSWITH -> v.endsWith(first);
            case GLOB, IGLOB -> GlobPattern.compile(first, op == Operator.IGLOB).matcher(v).matches();
            case REGEX -> v.matches(first);
            case IN, INTERSECTS -> values.contains(v);
            case PMATCH -> values.stream().anyMatch(p -> v.equals(p) || v.startsWith(p.endsWith("/") ? p : p + "/"));
            case LT -> v.compareTo(first) < 0;
            case LE -> v.compareTo(first) <= 0;
            case GT -> v.compareTo(first) > 0;
            case GE -> v.compareTo(first) >= 0;
            default -> false;
        };
    }
}
