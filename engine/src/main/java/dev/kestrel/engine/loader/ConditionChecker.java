package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.text.NameSuggester;
import dev.kestrel.engine.loader.OperandTypes.Typed;
import dev.kestrel.engine.typing.Literals;
import dev.kestrel.engine.typing.OperatorTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Checks one parsed condition (before macro expansion, so positions stay in its own text) the way
 * Falco's filter compiler does at load: every field known with a valid argument, transformers given
 * the arguments they take, operators valid for the operand's type ({@link OperatorTable}), right-hand
 * literals parseable for that type ({@link Literals}), {@code evt.type} values real event names, and
 * {@code val()} used between comparable fields; plus Falco's warnings about look-alike values and
 * unsafe {@code <NA>} comparisons. Not thread-safe.
 */
final class ConditionChecker {

    /** One problem; {@code unknownFilter} marks unknown fields and event types (skip-if-unknown-filter). */
    record Problem(Diagnostic diagnostic, boolean unknownFilter) {
        boolean isError() {
            return diagnostic.severity() == Diagnostic.Severity.ERROR;
        }
    }

    private static final Set<Operator> EQUALITY = Set.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.IN,
            Operator.INTERSECTS, Operator.PMATCH);

    private final FieldNames fields;
    private final Collection<String> listNames;

    ConditionChecker(FieldNames fields, Collection<String> listNames) {
        this.fields = fields;
        this.listNames = listNames;
    }

    List<Problem> check(Expr condition, MappedText text) {
        Run run = new Run(text);
        run.expr(condition);
        return run.problems;
    }

    private final class Run implements OperandTypes.Reporter {
        final MappedText text;
        final List<Problem> problems = new ArrayList<>();
        final OperandTypes types = new OperandTypes(fields, this);
        boolean unsafeNaReported;

        Run(MappedText text) {
            this.text = text;
        }

        void expr(Expr e) {
            if (e instanceof Expr.And a) {
                a.children().forEach(this::expr);
            } else if (e instanceof Expr.Or o) {
                o.children().forEach(this::expr);
            } else if (e instanceof Expr.Not n) {
                expr(n.operand());
            } else if (e instanceof Expr.Exists x) {
                types.type(x.left());
            } else if (e instanceof Expr.Comparison c) {
                comparison(c);
            }
        }

        void comparison(Expr.Comparison c) {
            Typed left = types.type(c.left());
            if (c.left() instanceof Operand.Field f && f.argument() == null
                    && (f.name().equals("evt.type") || f.name().equals("syscall.type"))) {
                eventNames(c.right());
            }
            unsafeNa(c);
            if (left == null) {
                value(c, null);
                return;
            }
            String problem = OperatorTable.problem(c.operator(), c.modifier(), left.type(), left.list());
            if (problem != null) {
                error(c, problem + " (" + describe(c.left(), left) + ")", false);
                return;
            }
            value(c, left);
        }

        void value(Expr.Comparison c, Typed left) {
            Value right = c.right();
            if (right instanceof Value.Literal l) {
                literal(c, l, left);
            } else if (right instanceof Value.ListLiteral list) {
                for (Value.Literal l : list.items()) {
                    literal(c, l, left);
                }
            } else if (right instanceof Value.ListName n) {
                String suggestion = NameSuggester.nearest(n.name(), listNames).orElse(null);
                error(n, "undefined list '" + n.name() + "'"
                        + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"), true);
            } else if (right instanceof Value.FieldValue fv) {
                compared(c, fv, fv.field(), left);
            } else if (right instanceof Value.TransformValue tv) {
                compared(c, tv, tv.transform(), left);
            }
        }

        void literal(Expr.Comparison c, Value.Literal l, Typed left) {
            String value = l.text();
            String lookAlike = ValueWarnings.fieldOrTransformer(value, fields);
            if (lookAlike != null) {
                warning(l, DiagnosticCode.LOAD_COMPILE_CONDITION, lookAlike);
            }
            String simpler = ValueWarnings.simplerThanRegex(c.operator(), value);
            if (simpler != null) {
                warning(l, DiagnosticCode.LOAD_COMPILE_CONDITION, simpler);
            }
            if (left == null || (left.type() == FieldType.DYNAMIC && c.operator() != Operator.REGEX)) {
                return;
            }
            String problem = Literals.problem(value, left.type(), c.operator());
            if (problem != null) {
                error(l, problem + " (" + describe(c.left(), left) + ")", false);
            }
        }

        /** {@code val(field)} or a transformer on the right: both sides must be comparable. */
        void compared(Expr.Comparison c, Node at, Operand rightOperand, Typed left) {
            Typed right = types.type(rightOperand);
            if (c.operator() == Operator.REGEX || c.operator() == Operator.PMATCH) {
                error(at, "'" + c.operator().text() + "' needs literal values, not val() or a transformer", false);
                return;
            }
            if (c.modifier() != null) {
                error(at, "'" + c.operator().text() + " " + c.modifier().text() + "' needs a list of values", false);
                return;
            }
            if (left == null || right == null) {
                return;
            }
            String rightText = rightOperand instanceof Operand.Field f ? "val(" + f.text() + ")" : "the transformed value";
            if (noRhs(left) || noRhs(right)) {
                error(at, "val(...) and right-hand transformers cannot be used with "
                        + (noRhs(right) ? describe(rightOperand, right) : describe(c.left(), left)), false);
            } else if (left.type() == FieldType.IPNET || right.type() == FieldType.IPNET) {
                error(at, "val(...) cannot be used with ipnet fields", false);
            } else if (left.list() || right.list()) {
                error(at, "val(...) and right-hand transformers cannot be used with list values", false);
            } else if (!sameKind(left.type(), right.type())) {
                error(at, rightText + " has type " + right.type().displayName() + " but "
                        + describe(c.left(), left) + "; both sides need the same type", false);
            }
        }

        /** Falco's LOAD_UNSAFE_NA_CHECK: a ka./jevt. field compared for equality with the text {@code <NA>}. */
        void unsafeNa(Expr.Comparison c) {
            if (unsafeNaReported || !(c.left() instanceof Operand.Field f) || !EQUALITY.contains(c.operator())
                    || !(f.name().startsWith("ka.") || f.name().startsWith("jevt."))) {
                return;
            }
            boolean na = c.right() instanceof Value.Literal l ? l.text().equals("<NA>")
                    : c.right() instanceof Value.ListLiteral list
                            && list.items().stream().anyMatch(i -> i.text().equals("<NA>"));
            if (na) {
                unsafeNaReported = true;
                warning(c, DiagnosticCode.LOAD_UNSAFE_NA_CHECK, "comparing '" + f.text() + "' with <NA> is unsafe:"
                        + " use '" + f.text() + " exists' to test whether the field has a value");
            }
        }

        void eventNames(Value right) {
            List<Value.Literal> names = right instanceof Value.Literal l ? List.of(l)
                    : right instanceof Value.ListLiteral list ? list.items() : List.of();
            for (Value.Literal name : names) {
                if (EventType.fromName(name.text()) == null) {
                    error(name, "unknown event type '" + name.text() + "'", true);
                }
            }
        }

        boolean noRhs(Typed t) {
            return t.descriptor() != null && t.descriptor().has(FieldFlag.NO_RHS);
        }

        String describe(Operand o, Typed t) {
            String what = o instanceof Operand.Field f ? "field '" + f.text() + "'" : "the transformed value";
            return what + " of type " + (t.list() ? "list of " : "") + t.type().displayName();
        }

        @Override
        public void error(Node node, String message, boolean unknownFilter) {
            problems.add(new Problem(spotOf(node).error(DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, message),
                    unknownFilter));
        }

        @Override
        public void warning(Node node, DiagnosticCode code, String message) {
            problems.add(new Problem(spotOf(node).warning(code, message), false));
        }

        Spot spotOf(Node node) {
            return text.spotAt(node.position().offset());
        }
    }

    /** Numbers of any width compare with each other; other types only with themselves. */
    private static boolean sameKind(FieldType a, FieldType b) {
        if (a == FieldType.DYNAMIC || b == FieldType.DYNAMIC) {
            return true;
        }
        boolean an = a.isNumeric() && a != FieldType.DOUBLE;
        boolean bn = b.isNumeric() && b != FieldType.DOUBLE;
        return an && bn || a == b;
    }
}
