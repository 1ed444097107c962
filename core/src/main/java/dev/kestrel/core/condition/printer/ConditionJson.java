package dev.kestrel.core.condition.printer;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.json.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an AST as JSON for tools ({@code kestrel parse --json}). Every node is an object with a
 * {@code "type"} and its source {@code "line"} and {@code "column"}; see the README section on the
 * condition language for the shapes.
 */
public final class ConditionJson {

    private ConditionJson() {
    }

    /** Compact JSON text of {@code expr}. */
    public static String toJson(Expr expr) {
        return JsonWriter.write(toTree(expr));
    }

    /** The AST as nested maps and lists, ready for {@link JsonWriter}. */
    public static Map<String, Object> toTree(Expr expr) {
        if (expr instanceof Expr.And and) {
            return node("and", and).with("children", exprs(and.children())).map;
        } else if (expr instanceof Expr.Or or) {
            return node("or", or).with("children", exprs(or.children())).map;
        } else if (expr instanceof Expr.Not not) {
            return node("not", not).with("operand", toTree(not.operand())).map;
        } else if (expr instanceof Expr.MacroRef macro) {
            return node("macro", macro).with("name", macro.name()).map;
        } else if (expr instanceof Expr.Exists exists) {
            return node("exists", exists).with("left", operand(exists.left())).map;
        } else if (expr instanceof Expr.Comparison c) {
            JsonNode node = node("comparison", c).with("left", operand(c.left())).with("operator", c.operator().text());
            if (c.modifier() != null) {
                node.with("modifier", c.modifier().text());
            }
            return node.with("right", value(c.right())).map;
        }
        throw new IllegalArgumentException("unknown expression " + expr);
    }

    private static List<Object> exprs(List<Expr> children) {
        return children.stream().<Object>map(ConditionJson::toTree).toList();
    }

    private static Map<String, Object> operand(Operand operand) {
        if (operand instanceof Operand.Field field) {
            return field(field);
        } else if (operand instanceof Operand.Transform t) {
            JsonNode node = node("transform", t).with("transformer", t.transformer().text())
                    .with("arguments", operands(t.arguments()));
            if (t.argument() != null) {
                node.with("argument", t.argument());
            }
            return node.map;
        } else if (operand instanceof Operand.Constant constant) {
            return node("constant", constant).with("text", constant.text()).map;
        } else if (operand instanceof Operand.Group group) {
            return node("group", group).with("items", operands(group.items())).map;
        }
        throw new IllegalArgumentException("unknown operand " + operand);
    }

    private static List<Object> operands(List<Operand> operands) {
        return operands.stream().<Object>map(ConditionJson::operand).toList();
    }

    private static Map<String, Object> field(Operand.Field field) {
        JsonNode node = node("field", field).with("name", field.name());
        if (field.argument() != null) {
            node.with("argument", field.argument());
        }
        return node.map;
    }

    private static Map<String, Object> value(Value value) {
        if (value instanceof Value.Literal literal) {
            return node("literal", literal).with("text", literal.text()).map;
        } else if (value instanceof Value.ListLiteral list) {
            List<Object> items = list.items().stream().<Object>map(Value.Literal::text).toList();
            return node("list", list).with("items", items).map;
        } else if (value instanceof Value.FieldValue fieldValue) {
            return node("val", fieldValue).with("field", field(fieldValue.field())).map;
        } else if (value instanceof Value.TransformValue transform) {
            return operand(transform.transform());
        } else if (value instanceof Value.ListName name) {
            return node("list_name", name).with("name", name.name()).map;
        }
        throw new IllegalArgumentException("unknown value " + value);
    }

    private static JsonNode node(String type, Node source) {
        JsonNode node = new JsonNode().with("type", type);
        if (source.position().line() > 0) {
            node.with("line", source.position().line()).with("column", source.position().column());
        }
        return node;
    }

    /** An insertion-ordered JSON object under construction. */
    private static final class JsonNode {
        private final Map<String, Object> map = new LinkedHashMap<>();

        JsonNode with(String key, Object value) {
            map.put(key, value);
            return this;
        }
    }
}
