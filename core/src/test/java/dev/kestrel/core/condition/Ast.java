package dev.kestrel.core.condition;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import java.util.Arrays;
import java.util.List;

/** Short builders for expected ASTs in tests (positions are ignored by equals). */
public final class Ast {

    private static final Position P = Position.NONE;

    private Ast() {
    }

    public static Expr and(Expr... children) {
        return new Expr.And(List.of(children), P);
    }

    public static Expr or(Expr... children) {
        return new Expr.Or(List.of(children), P);
    }

    public static Expr not(Expr operand) {
        return new Expr.Not(operand, P);
    }

    public static Expr macro(String name) {
        return new Expr.MacroRef(name, P);
    }

    public static Expr exists(Operand left) {
        return new Expr.Exists(left, P);
    }

    public static Expr cmp(Operand left, String operator, Value right) {
        return new Expr.Comparison(left, Operator.fromText(operator), null, right, P);
    }

    public static Expr cmp(String field, String operator, String literal) {
        return cmp(field(field), operator, lit(literal));
    }

    public static Expr cmp(Operand left, String operator, Modifier modifier, Value right) {
        return new Expr.Comparison(left, Operator.fromText(operator), modifier, right, P);
    }

    public static Operand.Field field(String name) {
        return new Operand.Field(name, null, P);
    }

    public static Operand.Field field(String name, String argument) {
        return new Operand.Field(name, argument, P);
    }

    public static Operand.Transform call(String transformer, Operand... arguments) {
        return new Operand.Transform(Transformer.fromText(transformer), List.of(arguments), P);
    }

    public static Operand.Transform call(String transformer, String bracketArgument, Operand... arguments) {
        return new Operand.Transform(Transformer.fromText(transformer), List.of(arguments), bracketArgument, P);
    }

    public static Operand constant(String text) {
        return new Operand.Constant(text, P);
    }

    public static Operand group(Operand... items) {
        return new Operand.Group(List.of(items), P);
    }

    public static Value.Literal lit(String text) {
        return new Value.Literal(text, P);
    }

    public static Value list(String... items) {
        return new Value.ListLiteral(Arrays.stream(items).map(Ast::lit).toList(), P);
    }

    public static Value listName(String name) {
        return new Value.ListName(name, P);
    }

    public static Value val(Operand.Field field) {
        return new Value.FieldValue(field, P);
    }

    public static Value transformed(Operand.Transform transform) {
        return new Value.TransformValue(transform, P);
    }
}
