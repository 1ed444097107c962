package dev.kestrel.core.condition.printer;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntax;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders an AST as canonical condition text in the style of Falco's {@code as_string}: every
 * {@code and}/{@code or} group in parentheses, {@code not X}, {@code field op value}, lists as
 * {@code (a, b)}, values quoted only when needed. {@link ConditionParser} reads the text back to an
 * equal AST; an AST that no condition text could produce (an empty {@code and}, a list after
 * {@code =} without a modifier, a field name with a blank, ...) is an {@link IllegalArgumentException}.
 * Canonical text writes {@code a and(b)} as {@code (a and (b))}, which can use up to two thirds more
 * of the parser's nesting limit than the original text.
 */
public final class ConditionPrinter {

    private ConditionPrinter() {
    }

    /** The canonical text of {@code expr}. */
    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        appendExpr(expr, out);
        return out.toString();
    }

    private static void appendExpr(Expr expr, StringBuilder out) {
        if (expr instanceof Expr.And and) {
            appendGroup(and.children(), " and ", out);
        } else if (expr instanceof Expr.Or or) {
            appendGroup(or.children(), " or ", out);
        } else if (expr instanceof Expr.Not not) {
            appendNot(not, out);
        } else if (expr instanceof Expr.MacroRef macro) {
            appendMacro(macro.name(), out);
        } else if (expr instanceof Expr.Exists exists) {
            appendOperand(exists.left(), out);
            out.append(" exists");
        } else if (expr instanceof Expr.Comparison comparison) {
            appendComparison(comparison, out);
        } else {
            throw new IllegalArgumentException("unknown expression " + expr);
        }
    }

    private static void appendGroup(List<Expr> children, String keyword, StringBuilder out) {
        if (children.isEmpty()) {
            throw new IllegalArgumentException("cannot print an empty '" + keyword.strip() + "'");
        }
        out.append('(');
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                out.append(keyword);
            }
            appendExpr(children.get(i), out);
        }
        out.append(')');
    }

    /** {@code not not x} would read back as {@code x}, so a negated negation gets parentheses. */
    private static void appendNot(Expr.Not not, StringBuilder out) {
        out.append("not ");
        if (not.operand() instanceof Expr.Not) {
            out.append('(');
            appendExpr(not.operand(), out);
            out.append(')');
        } else {
            appendExpr(not.operand(), out);
        }
    }

    /** A macro named like a keyword ({@code not}) only reads back as a macro inside parentheses. */
    private static void appendMacro(String name, StringBuilder out) {
        requireIdentifier(name, "macro name");
        boolean keyword = name.equals("and") || name.equals("or") || name.equals("not");
        out.append(keyword ? "(" + name + ")" : name);
    }

    private static void appendComparison(Expr.Comparison comparison, StringBuilder out) {
        appendOperand(comparison.left(), out);
        Operator operator = comparison.operator();
        out.append(' ').append(operator.text()).append(' ');
        if (comparison.modifier() != null) {
            if (operator.takesList() || operator.takesNumber()) {
                throw new IllegalArgumentException("'" + operator.text() + "' takes no modifier");
            }
            out.append(comparison.modifier().text()).append(' ');
        }
        appendValue(comparison.right(), operator, comparison.modifier() != null, out);
    }

    private static void appendValue(Value value, Operator operator, boolean modified, StringBuilder out) {
        boolean wantsList = operator.takesList() || modified;
        if (value instanceof Value.ListLiteral list) {
            requireThat(wantsList, "a list cannot follow '" + operator.text() + "' without a modifier");
            out.append(list.items().stream()
                    .map(item -> ValueQuoting.value(item.text()))
                    .collect(Collectors.joining(", ", "(", ")")));
        } else if (value instanceof Value.Literal literal) {
            requireThat(!wantsList, "a single value cannot follow '" + operator.text() + "'");
            if (operator.takesNumber()) {
                requireThat(ConditionSyntax.isNumber(literal.text()),
                        "'" + operator.text() + "' needs a number, not '" + literal.text() + "'");
                out.append(literal.text());
            } else {
                out.append(ValueQuoting.value(literal.text()));
            }
        } else if (value instanceof Value.ListName name) {
            requireThat(wantsList, "a list name cannot follow '" + operator.text() + "' without a modifier");
            requireIdentifier(name.name(), "list name");
            requireThat(!modified || !List.of("and", "or", "not").contains(name.name()),
                    "a list after a modifier cannot be named '" + name.name() + "'");
            out.append(name.name());
        } else if (value instanceof Value.FieldValue fieldValue) {
            requireThat(!modified, "val() cannot follow a modifier");
            out.append("val(");
            appendField(fieldValue.field(), out);
            out.append(')');
        } else if (value instanceof Value.TransformValue transform) {
            requireThat(!modified, "a transformer cannot follow a modifier");
            appendOperand(transform.transform(), out);
        } else {
            throw new IllegalArgumentException("unknown value " + value);
        }
    }

    private static void appendOperand(Operand operand, StringBuilder out) {
        if (operand instanceof Operand.Field field) {
            appendField(field, out);
        } else if (operand instanceof Operand.Transform transform) {
            out.append(transform.transformer().text());
            appendList(transform.arguments(), out);
            appendArgument(transform.argument(), out);
        } else if (operand instanceof Operand.Constant constant) {
            out.append(ValueQuoting.numberOrQuoted(constant.text()));
        } else if (operand instanceof Operand.Group group) {
            if (group.items().isEmpty()) {
                out.append("()");
            } else {
                requireThat(group.items().stream().noneMatch(Operand.Group.class::isInstance),
                        "a list given to a transformer cannot hold another list");
                appendList(group.items(), out);
            }
        } else {
            throw new IllegalArgumentException("unknown operand " + operand);
        }
    }

    private static void appendList(List<Operand> items, StringBuilder out) {
        requireThat(!items.isEmpty(), "a transformer needs at least one argument");
        out.append('(');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendOperand(items.get(i), out);
        }
        out.append(')');
    }

    private static void appendField(Operand.Field field, StringBuilder out) {
        requireThat(ConditionSyntax.isFieldName(field.name()), "'" + field.name() + "' is not a field name");
        out.append(field.name());
        appendArgument(field.argument(), out);
    }

    private static void appendArgument(String argument, StringBuilder out) {
        if (argument != null) {
            out.append('[').append(ValueQuoting.argument(argument)).append(']');
        }
    }

    private static void requireIdentifier(String name, String what) {
        requireThat(ConditionSyntax.isIdentifier(name), "'" + name + "' is not a valid " + what);
    }

    private static void requireThat(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("cannot print condition: " + problem);
        }
    }
}
