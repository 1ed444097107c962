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
        // word operators were followed by a blank; after a symbol one is needed before a modifier
        boolean hadBlank = lexer.skipBlanks() || Character.isLetter(operator.text().charAt(0));
        int mark = lexer.mark();
        Modifier modifier = hadBlank ? acceptModifier() : null;
        if (modifier != null) {
            return new Expr.Comparison(left, operator, modifier, parseModifiedList(), position);
        }
        lexer.reset(mark);
        return new Expr.Comparison(left, operator, null, parseStringSide(), position);
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

    /**
     * {@code oneof}/{@code anyof}/{@code allof} count only when a blank and then a list or a list name
     * follow, and that name is not {@code and}, {@code or} or {@code not}: {@code x = oneof and y}
     * compares with the text "oneof". On no match the position is left anywhere (the caller resets it).
     */
    private Modifier acceptModifier() {
        for (Modifier modifier : Modifier.values()) {
            if (lexer.acceptFollowedByBlank(modifier.text())) {
                lexer.skipBlanks();
                boolean listFollows = lexer.lookingAt("(") || lexer.lookingAtIdentifier();
                return listFollows && !lexer.lookingAtBooleanKeyword() ? modifier : null;
            }
        }
        return null;
    }

    /** After a modifier: {@code (a, b)} or the name of a list. */
    private Value parseModifiedList() {
        if (lexer.lookingAt("(")) {
            return parseListLiteral();
        }
        Position position = lexer.position();
        return new Value.ListName(lexer.acceptIdentifier(), position);
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

    /** The rest of {@code (a.b, "x", 1)} given to a transformer: possibly empty, no nested lists. */
    private Operand.Group parseGroupRest(Position position) {
        List<Operand> items = new ArrayList<>();
        lexer.skipBlanks();
        if (lexer.accept(")")) {
            return new Operand.Group(items, position);
        }
        items.add(parseGroupItem());
        lexer.skipBlanks();
        while (lexer.accept(",")) {
            lexer.skipBlanks();
            items.add(parseGroupItem());
            lexer.skipBlanks();
        }
        if (!lexer.accept(")")) {
            throw lexer.error("expected ')'");
        }
        return new Operand.Group(items, position);
    }

    private Operand parseGroupItem() {
        Position position = lexer.position();
        if (!lexer.lookingAt("(")) {
            Operand item = acceptSimpleArgument(position);
            if (item != null) {
                return item;
            }
        }
        throw lexer.error("expected transformer list argument: field, transformer, quoted string, or number");
    }

    /** A field, a transformer call, a quoted string or a number, or null. */
    private Operand acceptSimpleArgument(Position position) {
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
        return number == null ? null : new Operand.Constant(number, position);
    }

    private Operand parseTransformArgument(String owner) {
        depth.enter();
        try {
            Position position = lexer.position();
            Operand simple = acceptSimpleArgument(position);
            if (simple != null) {
                return simple;
            }
            if (lexer.accept("(")) {
                return parseGroupRest(position);
            }
            throw lexer.error("expected field transformer argument: "
                    + "field, transformer, quoted string, number, or transformer list");
        } finally {
            depth.leave();
        }
    }
}
