package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.text.NameSuggester;
import dev.kestrel.engine.index.EventTypeAnalysis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one parsed condition (before macro expansion, so positions stay in its own text) the way
 * Falco's filter compiler does at load: every field known with a valid argument, operators valid for
 * the field's type, right-hand literals parseable for that type, {@code evt.type} values real event
 * names, and {@code val()} used between comparable fields.
 */
final class ConditionChecker {

    /** One problem; {@code unknownFilter} marks unknown fields and event types (skip-if-unknown-filter). */
    record Problem(Diagnostic diagnostic, boolean unknownFilter) {
        boolean isError() {
            return diagnostic.severity() == Diagnostic.Severity.ERROR;
        }
    }

    /** The type of a checked left-hand side. */
    private record Typed(FieldType type, boolean list, FieldDescriptor descriptor) {
    }

    private static final Pattern FIELD_LIKE = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*(\\.[a-zA-Z]+[a-zA-Z0-9_]*)+");

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

    private final class Run {
        final MappedText text;
        final List<Problem> problems = new ArrayList<>();

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
                operand(x.left());
            } else if (e instanceof Expr.Comparison c) {
                comparison(c);
            }
        }

        void comparison(Expr.Comparison c) {
            Typed left = operand(c.left());
            if (EventTypeAnalysis.isUnindexableTypeCheck(c)) {
                error(c, "evt.type cannot be compared with val() or through a transformer: "
                        + "Kestrel, like Falco, indexes rules by event type", false);
                return;
            }
            if (c.left() instanceof Operand.Field f && f.argument() == null
                    && (f.name().equals("evt.type") || f.name().equals("syscall.type"))) {
                eventNames(c.right());
            }
            if (left == null) {
                value(c, null);
                return;
            }
            if (!OperatorRules.allowed(c.operator(), left.type(), left.list())) {
                error(c, "operator '" + c.operator().text() + "' cannot be used with "
                        + describe(c.left(), left) + (left.list() ? " (a list-valued field takes only in and intersects)" : ""),
                        false);
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
                fieldValue(c, fv, left);
            } else if (right instanceof Value.TransformValue tv) {
                operand(tv.transform());
            }
        }

        void literal(Expr.Comparison c, Value.Literal l, Typed left) {
            String value = l.text();
            if (FIELD_LIKE.matcher(value).matches()
                    && fields.resolveText(value) instanceof FieldNames.Resolution.Found) {
                warning(l, DiagnosticCode.LOAD_COMPILE_CONDITION, "'" + value + "' on the right of '"
                        + c.operator().text() + "' is compared as text; write val(" + value
                        + ") to compare with that field's value");
            }
            if (left == null || left.type() == FieldType.DYNAMIC) {
                return;
            }
            String problem;
            if (c.operator() == Operator.BCONTAINS || c.operator() == Operator.BSTARTSWITH) {
                problem = LiteralRules.hexProblem(value);
            } else if (c.operator() == Operator.REGEX) {
                problem = regexProblem(value);
            } else {
                problem = LiteralRules.problem(value, left.type());
            }
            if (problem != null) {
                error(l, problem + " (for " + describe(c.left(), left) + ")", false);
            }
        }

        void fieldValue(Expr.Comparison c, Value.FieldValue fv, Typed left) {
            Typed right = operand(fv.field());
            if (c.operator() == Operator.REGEX || c.operator() == Operator.PMATCH) {
                error(fv, "'" + c.operator().text() + "' cannot compare with val(...)", false);
                return;
            }
            if (left == null || right == null) {
                return;
            }
            if (noRhs(left) || noRhs(right)) {
                error(fv, "val(...) cannot be used with " + (noRhs(right) ? describe(fv.field(), right)
                        : describe(c.left(), left)), false);
            } else if (left.type() == FieldType.IPNET || right.type() == FieldType.IPNET) {
                error(fv, "val(...) cannot be used with ipnet fields", false);
            } else if (left.type() != right.type() || left.list() != right.list()) {
                error(fv, "val(" + fv.field().text() + ") has type " + right.type().displayName()
                        + " but " + describe(c.left(), left) + "; val() needs fields of the same type", false);
            }
        }

        /** Resolves the fields of an operand; null when a field is unknown (already reported). */
        Typed operand(Operand o) {
            if (o instanceof Operand.Field f) {
                FieldNames.Resolution r = fields.resolve(f.name(), f.argument());
                if (r instanceof FieldNames.Resolution.Unknown u) {
                    error(f, u.message(), u.unknownName());
                    return null;
                }
                FieldDescriptor d = ((FieldNames.Resolution.Found) r).descriptor();
                if (d.has(FieldFlag.DEPRECATED)) {
                    warning(f, DiagnosticCode.LOAD_DEPRECATED_ITEM, "field '" + d.name() + "' is deprecated");
                }
                if (d.has(FieldFlag.OUTPUT_ONLY)) {
                    error(f, "field '" + d.name() + "' can only be used in outputs", false);
                    return null;
                }
                return new Typed(d.type(), d.has(FieldFlag.LIST), d);
            }
            Operand.Transform t = (Operand.Transform) o;
            Typed inner = null;
            boolean ok = true;
            for (Operand arg : t.arguments()) {
                Typed a = operand(arg);
                ok &= a != null;
                if (inner == null) {
                    inner = a;
                }
            }
            if (!ok) {
                return null;
            }
            Transformer tr = t.transformer();
            if (inner != null && inner.descriptor() != null && inner.descriptor().has(FieldFlag.NO_TRANSFORMER)) {
                error(t, "transformer '" + tr.text() + "' cannot be applied to field '"
                        + inner.descriptor().name() + "'", false);
                return null;
            }
            if (tr == Transformer.LEN) {
                return new Typed(FieldType.UINT64, false, null);
            }
            boolean textual = inner == null || inner.type() == FieldType.STRING || inner.type() == FieldType.BYTEBUF
                    || inner.type() == FieldType.DYNAMIC;
            if (!textual && tr != Transformer.JOIN && tr != Transformer.CONCAT) {
                error(t, "transformer '" + tr.text() + "' works on string fields, not on type "
                        + inner.type().displayName(), false);
                return null;
            }
            return new Typed(FieldType.STRING, inner != null && inner.list() && tr != Transformer.JOIN, null);
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

        void error(Node node, String message, boolean unknownFilter) {
            problems.add(new Problem(spotOf(node).error(DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, message), unknownFilter));
        }

        void warning(Node node, DiagnosticCode code, String message) {
            problems.add(new Problem(spotOf(node).warning(code, message), false));
        }

        Spot spotOf(Node node) {
            return text.spotAt(node.position().offset());
        }
    }

    private static String regexProblem(String pattern) {
        try {
            Pattern.compile(pattern);
            return null;
        } catch (PatternSyntaxException e) {
            return "'" + pattern + "' is not a valid regular expression: " + e.getDescription();
        }
    }
}
