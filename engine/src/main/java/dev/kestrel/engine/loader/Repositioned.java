package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Value;
import java.util.List;

/**
 * A copy of an AST with every node at one position. A macro expanded into a rule carries positions in
 * the macro's own text; moving them to the macro's name in the rule keeps every position of the rule's
 * AST meaningful in the rule's text. Stateless.
 */
final class Repositioned {

    private Repositioned() {
    }

    static Expr at(Expr e, Position p) {
        if (e instanceof Expr.And a) {
            return new Expr.And(all(a.children(), p), p);
        }
        if (e instanceof Expr.Or o) {
            return new Expr.Or(all(o.children(), p), p);
        }
        if (e instanceof Expr.Not n) {
            return new Expr.Not(at(n.operand(), p), p);
        }
        if (e instanceof Expr.MacroRef m) {
            return new Expr.MacroRef(m.name(), p);
        }
        if (e instanceof Expr.Exists x) {
            return new Expr.Exists(operand(x.left(), p), p);
        }
        Expr.Comparison c = (Expr.Comparison) e;
        return new Expr.Comparison(operand(c.left(), p), c.operator(), c.modifier(), value(c.right(), p), p);
    }

    private static List<Expr> all(List<Expr> exprs, Position p) {
        return exprs.stream().map(x -> at(x, p)).toList();
    }

    private static Operand operand(Operand o, Position p) {
        if (o instanceof Operand.Field f) {
            return new Operand.Field(f.name(), f.argument(), p);
        }
        if (o instanceof Operand.Constant c) {
            return new Operand.Constant(c.text(), p);
        }
        if (o instanceof Operand.Group g) {
            return new Operand.Group(g.items().stream().map(i -> operand(i, p)).toList(), p);
        }
        return transform((Operand.Transform) o, p);
    }

    private static Operand.Transform transform(Operand.Transform t, Position p) {
        return new Operand.Transform(t.transformer(), t.arguments().stream().map(i -> operand(i, p)).toList(),
                t.argument(), p);
    }

    private static Value value(Value v, Position p) {
        if (v instanceof Value.Literal l) {
            return new Value.Literal(l.text(), p);
        }
        if (v instanceof Value.ListLiteral l) {
            return new Value.ListLiteral(l.items().stream().map(i -> new Value.Literal(i.text(), p)).toList(), p);
        }
        if (v instanceof Value.FieldValue f) {
            return new Value.FieldValue(new Operand.Field(f.field().name(), f.field().argument(), p), p);
        }
        if (v instanceof Value.TransformValue t) {
            return new Value.TransformValue(transform(t.transform(), p), p);
        }
        return new Value.ListName(((Value.ListName) v).name(), p);
    }
}
