package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parses one check of a condition: {@code lhs exists}, {@code lhs OP rhs} or a macro name, with
 * fields, field arguments, transformers, {@code val()}, modifiers and list literals. The boolean
 * structure around checks is {@link ConditionParser}'s.
 */
final class CheckParser {

    /** Longest spelling first, so that {@code <=} wins over {@code <} and {@code intersects} over {@code in}. */
    private static final List<Operator> OPERATORS_LONGEST_FIRST = Arrays.stream(Operator.values())
            .sorted(Comparator.comparingInt((Operator op) -> op.text().length()).reversed())
            .toList();

    private static final String OPERATOR_NAMES = "'exists', " + Arrays.stream(Operator.values())
            .map(op -> "'" + op.text() + "'")
            .collect(Collectors.joining(", "));

    private static final String TRANSFORMER_NAMES = "'val', " + Arrays.stream(Transformer.values())
            .map(t -> "'" + t.text() + "'")
            .collect(Collectors.joining(", "));

    private final ConditionLexer lexer;
    private final NestingDepth depth;

    CheckParser(ConditionLexer lexer, NestingDepth depth) {
        this.lexer = lexer;
        this.depth = depth;
    }

    /** A field check or a macro reference starting at {@code position}, or null if none starts there. */
    Expr acceptCheck(Position position) {
        String fieldName = lexer.acceptFieldName();
        if (fieldName != null) {
            return parseComparison(fieldRest(fieldName, position), position);
        }
        Operand.Transform transform = acceptTransformCall();
        if (transform != null) {
            return parseComparison(transform, position);
        }
        String identifier = lexer.acceptIdentifier();
        return identifier == null ? null : new Expr.MacroRef(identifier, position);
    }

    private Expr parseComparison(Operand left, Position position) {
        lexer.skipBlanks();
        if (lexer.accept("exists")) {
            return new Expr.Exists(left, position);
        }
        Operator operator = acceptOperator();
        if (operator == null) {
            throw lexer.error("expected a valid check operator: one of " + OPERATOR_NAMES);
        }
        if (operator.takesList()) {
            return new Expr.Comparison(left, operator, null, parseListSide(), position);
        }
        if (operator.takesNumber()) {
            return new Expr.Comparison(left, operator, null, parseNumberSide(), position);
        }
        lexer.skipBlanks();
        Modifier modifier = acceptModifier();
        Value right = modifier != null ? parseListLiteral() : parseStringSide();
        return new Expr.Comparison(left, operator, modifier, right, position);
    }

    /** Word operators need a blank after them; symbols and the list operators need nothing. */
    private Operator acceptOperator() {
        for (Operator operator : OPERATORS_LONGEST_FIRST) {
            boolean needsBlank = Character.isLetter(operator.text().charAt(0)) && !operator.takesList();
            if (needsBlank ? lexer.acceptFollowedByBlank(operator.text()) : lexer.accept(operator.text())) {
                return operator;
            }
        }
        return null;
    }

    /** {@code oneof}/{@code anyof}/{@code allof} count only when a blank and a list follow. */
    private Modifier acceptModifier() {
        for (Modifier modifier : Modifier.values()) {
            int mark = lexer.mark();
            if (lexer.acceptFollowedByBlank(modifier.text())) {
                lexer.skipBlanks();
                if (lexer.lookingAt("(")) {
                    return modifier;
                }
                lexer.reset(mark);
            }
        }
        return null;
    }

    // ---- right-hand sides -----------------------------------------------------------------

    private Value parseNumberSide() {
        lexer.skipBlanks();
        Position position = lexer.position();
        Value transformed = acceptTransformedValue();
        if (transformed != null) {
            return transformed;
        }
        String number = lexer.acceptNumber();
        if (number == null) {
            throw lexer.error("expected a number value or a field with a valid transformer: " + TRANSFORMER_NAMES);
        }
        return new Value.Literal(number, position);
    }

    /** A string value; a field name written here without {@code val()} is just text. */
    private Value parseStringSide() {
        lexer.skipBlanks();
        Position position = lexer.position();
        Value transformed = acceptTransformedValue();
        if (transformed != null) {
            return transformed;
        }
        String text = acceptStringItem();
        if (text == null) {
            throw lexer.error("expected a string value or a field with a valid transformer: " + TRANSFORMER_NAMES);
        }
        return new Value.Literal(text, position);
    }

    private Value parseListSide() {
        lexer.skipBlanks();
        if (lexer.lookingAt("(")) {
            return parseListLiteral();
        }
        Position position = lexer.position();
        Value transformed = acceptTransformedValue();
        if (transformed != null) {
            return transformed;
        }
        String name = lexer.acceptIdentifier();
        if (name == null) {
            throw lexer.error("expected a list, an identifier, or a field with a valid transformer: "
                    + TRANSFORMER_NAMES);
        }
        return new Value.ListName(name, position);
    }

    /** {@code (a, "b c", d)}, possibly empty; items are strings, never fields. */
    private Value.ListLiteral parseListLiteral() {
        Position position = lexer.position();
        lexer.accept("(");
        List<Value.Literal> items = new ArrayList<>();
        lexer.skipBlanks();
        Position itemPosition = lexer.position();
        String first = acceptStringItem();
        if (first != null) {
            items.add(new Value.Literal(first, itemPosition));
            lexer.skipBlanks();
            while (lexer.accept(",")) {
                lexer.skipBlanks();
                itemPosition = lexer.position();
                String item = acceptStringItem();
                if (item == null) {
                    throw lexer.error("expected a string value after ','");
                }
                items.add(new Value.Literal(item, itemPosition));
                lexer.skipBlanks();
            }
        }
        if (!lexer.accept(")")) {
            throw lexer.error(items.isEmpty() ? "expected a string value or ')'" : "expected ',' or ')' in the list");
        }
        return new Value.ListLiteral(items, position);
    }

    private String acceptStringItem() {
        String quoted = lexer.acceptQuotedString();
        return quoted != null ? quoted : lexer.acceptBareString();
    }

    /** {@code val(field)} or a transformer call, or null when neither starts here. */
    private Value acceptTransformedValue() {
        Position position = lexer.position();
        if (lexer.accept("val(")) {
            lexer.skipBlanks();
            Position fieldPosition = lexer.position();
            String name = lexer.acceptFieldName();
            if (name == null) {
                throw lexer.error("expected a field within 'val' transformer");
            }
            Operand.Field field = fieldRest(name, fieldPosition);
            lexer.skipBlanks();
            if (!lexer.accept(")")) {
                throw lexer.error("expected a ')' token closing the transformer");
            }
            return new Value.FieldValue(field, position);
        }
        Operand.Transform transform = acceptTransformCall();
        return transform == null ? null : new Value.TransformValue(transform, position);
    }

    // ---- fields and transformers ----------------------------------------------------------

    /** The optional {@code [argument]} glued to a field name. */
    private Operand.Field fieldRest(String name, Position position) {
        return new Operand.Field(name, acceptBracketArgument(), position);
    }

    private String acceptBracketArgument() {
        if (!lexer.accept("[")) {
            return null;
        }
        String argument = lexer.acceptQuotedString();
        if (argument == null) {
            argument = lexer.acceptBareArgument();
        }
        if (argument == null) {
            throw lexer.error("expected a valid field argument: a quoted string or a bare string");
        }
        if (!lexer.accept("]")) {
            throw lexer.error("expected a ']' token");
        }
        return argument;
    }

    /** {@code name(arg, ...)} with the name glued to the parenthesis, or null. */
    private Operand.Transform acceptTransformCall() {
        Position position = lexer.position();
        for (Transformer transformer : Transformer.values()) {
            if (lexer.accept(transformer.text() + "(")) {
                depth.enter();
                try {
                    List<Operand> arguments = parseTransformArguments(transformer.text());
                    return new Operand.Transform(transformer, arguments, acceptBracketArgument(), position);
                } finally {
                    depth.leave();
                }
            }
        }
        return null;
    }

    /** Comma-separated arguments up to and including the closing parenthesis. */
    private List<Operand> parseTransformArguments(String owner) {
        depth.enter();
        try {
            List<Operand> arguments = new ArrayList<>();
            lexer.skipBlanks();
            arguments.add(parseTransformArgument(owner));
            lexer.skipBlanks();
            while (lexer.accept(",")) {
                lexer.skipBlanks();
                arguments.add(parseTransformArgument(owner));
                lexer.skipBlanks();
            }
            if (!lexer.accept(")")) {
                throw lexer.error("expected a ')' token closing the transformer");
            }
            return arguments;
        } finally {
            depth.leave();
        }
    }

    private Operand parseTransformArgument(String owner) {
        depth.enter();
        try {
            Position position = lexer.position();
            Operand.Transform nested = acceptTransformCall();
            if (nested != null) {
                return nested;
            }
            String fieldName = lexer.acceptFieldName();
            if (fieldName != null) {
                return fieldRest(fieldName, position);
            }
            String quoted = lexer.acceptQuotedString();
            if (quoted != null) {
                return new Operand.Constant(quoted, position);
            }
            String number = lexer.acceptNumber();
            if (number != null) {
                return new Operand.Constant(number, position);
            }
            if (lexer.accept("(")) {
                return new Operand.Group(parseTransformArguments(owner), position);
            }
            throw lexer.error("expected a field or a nested valid transformer as argument of '" + owner + "'");
        } finally {
            depth.leave();
        }
    }
}
