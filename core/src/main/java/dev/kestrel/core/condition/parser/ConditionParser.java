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
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Recursive-descent parser for Falco conditions, following Falco's grammar to the character:
 * {@code not} binds tighter than {@code and}, which binds tighter than {@code or}; see
 * {@code docs/readme/condition-language.md}. Macros are not expanded here: a bare identifier
 * becomes {@link Expr.MacroRef}.
 *
 * <p>Every syntax error is a {@link ConditionSyntaxException} with a position; nesting deeper than
 * {@link ParseOptions#maxDepth()} is one too, so no input can exhaust the stack.
 */
public final class ConditionParser {

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
    private final int maxDepth;
    private int depth;

    private ConditionParser(String text, ParseOptions options) {
        this.lexer = new ConditionLexer(text);
        this.maxDepth = options.maxDepth();
    }

    /** Parses a whole condition with Falco's rule settings (nesting limit 1000). */
    public static Expr parse(String text) {
        return parse(text, ParseOptions.DEFAULTS);
    }

    /** Parses a whole condition; the entire text must be one expression. */
    public static Expr parse(String text, ParseOptions options) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(options, "options");
        if (text.isEmpty()) {
            throw new ConditionSyntaxException("the condition is empty", new Position(0, 1, 1));
        }
        ConditionParser parser = new ConditionParser(text, options);
        Expr expr = parser.parseOr();
        if (!parser.lexer.atEnd()) {
            throw parser.lexer.error(
                    "unexpected token after '" + parser.lexer.lastToken() + "', expecting 'or', 'and'");
        }
        return expr;
    }

    // ---- boolean structure ---------------------------------------------------------------

    private Expr parseOr() {
        descend();
        try {
            lexer.skipBlanks();
            Position position = lexer.position();
            List<Expr> children = new ArrayList<>();
            children.add(parseAnd());
            lexer.skipBlanks();
            while (lexer.accept("or")) {
                children.add(operandAfterKeyword("or", this::parseAnd));
                lexer.skipBlanks();
            }
            return children.size() == 1 ? children.get(0) : new Expr.Or(children, position);
        } finally {
            ascend();
        }
    }

    private Expr parseAnd() {
        descend();
        try {
            lexer.skipBlanks();
            Position position = lexer.position();
            List<Expr> children = new ArrayList<>();
            children.add(parseNot());
            lexer.skipBlanks();
            while (lexer.accept("and")) {
                children.add(operandAfterKeyword("and", this::parseNot));
                lexer.skipBlanks();
            }
            return children.size() == 1 ? children.get(0) : new Expr.And(children, position);
        } finally {
            ascend();
        }
    }

    /** After {@code and}/{@code or}: a blank and the next operand, or a parenthesized group. */
    private Expr operandAfterKeyword(String keyword, Supplier<Expr> operand) {
        if (lexer.skipBlanks()) {
            return operand.get();
        }
        if (lexer.accept("(")) {
            return parseGroupRest();
        }
        throw lexer.error("expected a blank or '(' after '" + keyword + "'");
    }

    /** Any run of {@code not}s toggles one negation, so the AST holds at most one Not here. */
    private Expr parseNot() {
        descend();
        try {
            lexer.skipBlanks();
            Position position = lexer.position();
            boolean negated = false;
            while (lexer.acceptFollowedByBlank("not")) {
                negated = !negated;
                lexer.skipBlanks();
            }
            Expr operand;
            if (lexer.accept("not(")) {
                negated = !negated;
                operand = parseGroupRest();
            } else {
                operand = parseCheck();
            }
            return negated ? new Expr.Not(operand, position) : operand;
        } finally {
            ascend();
        }
    }

    /** The rest of a parenthesized expression, after its {@code (}. */
    private Expr parseGroupRest() {
        descend();
        try {
            Expr inner = parseOr();
            lexer.skipBlanks();
            if (!lexer.accept(")")) {
                throw lexer.error("expected a ')' token");
            }
            return inner;
        } finally {
            ascend();
        }
    }

    // ---- checks ---------------------------------------------------------------------------

    private Expr parseCheck() {
        descend();
        try {
            lexer.skipBlanks();
            Position position = lexer.position();
            if (lexer.accept("(")) {
                return parseGroupRest();
            }
            String fieldName = lexer.acceptFieldName();
            if (fieldName != null) {
                return parseComparison(fieldRest(fieldName, position), position);
            }
            Operand.Transform transform = acceptTransformCall();
            if (transform != null) {
                return parseComparison(transform, position);
            }
            String identifier = lexer.acceptIdentifier();
            if (identifier != null) {
                return new Expr.MacroRef(identifier, position);
            }
            throw lexer.error("expected a '(' token, a field check, or an identifier");
        } finally {
            ascend();
        }
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
            descend();
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
            ascend();
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
                descend();
                List<Operand> arguments = parseTransformArguments(transformer.text());
                String bracketArgument = acceptBracketArgument();
                ascend();
                return new Operand.Transform(transformer, arguments, bracketArgument, position);
            }
        }
        return null;
    }

    /** Comma-separated arguments up to and including the closing parenthesis. */
    private List<Operand> parseTransformArguments(String owner) {
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
    }

    private Operand parseTransformArgument(String owner) {
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
            descend();
            List<Operand> items = parseTransformArguments(owner);
            ascend();
            return new Operand.Group(items, position);
        }
        throw lexer.error("expected a field or a nested valid transformer as argument of '" + owner + "'");
    }

    // ---- nesting limit --------------------------------------------------------------------

    /**
     * Counts one level of descent. As in Falco, a level is one step of the recursive descent, not
     * one pair of parentheses: each parenthesized group costs five levels, so the default limit
     * admits about 200 nested groups, exactly like Falco, and bounds the Java stack.
     */
    private void descend() {
        depth++;
        if (depth > maxDepth) {
            throw lexer.error("expression nesting deeper than " + maxDepth + " levels");
        }
    }

    private void ascend() {
        depth--;
    }
}
