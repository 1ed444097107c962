package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for Falco conditions, following Falco's grammar to the character:
 * {@code not} binds tighter than {@code and}, which binds tighter than {@code or}; see
 * the README's section on the condition language. Macros are not expanded here: a bare identifier
 * becomes {@link Expr.MacroRef}.
 *
 * <p>Every syntax error is a {@link ConditionSyntaxException} with a position; nesting deeper than
 * {@link ParseOptions#maxDepth()} is one too, so no input can exhaust the stack.
 */
public final class ConditionParser {

    private final ConditionLexer lexer;
    private final NestingDepth depth;
    private final CheckParser checks;

    private ConditionParser(String text, ParseOptions options) {
        this.lexer = new ConditionLexer(text);
        this.depth = new NestingDepth(options.maxDepth(), lexer);
        this.checks = new CheckParser(lexer, depth);
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
        depth.enter();
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
            depth.leave();
        }
    }

    private Expr parseAnd() {
        depth.enter();
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
            depth.leave();
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
        depth.enter();
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
            depth.leave();
        }
    }

    /** The rest of a parenthesized expression, after its {@code (}. */
    private Expr parseGroupRest() {
        depth.enter();
        try {
            Expr inner = parseOr();
            lexer.skipBlanks();
            if (!lexer.accept(")")) {
                throw lexer.error("expected a ')' token");
            }
            return inner;
        } finally {
            depth.leave();
        }
    }

    // ---- checks ---------------------------------------------------------------------------

    private Expr parseCheck() {
        depth.enter();
        try {
            lexer.skipBlanks();
            Position position = lexer.position();
            if (lexer.accept("(")) {
                return parseGroupRest();
            }
            Expr check = checks.acceptCheck(position);
            if (check == null) {
                throw lexer.error("expected a '(' token, a field check, or an identifier");
            }
            return check;
        } finally {
            depth.leave();
        }
    }
}
