package dev.kestrel.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.core.condition.parser.ParseOptions;
import dev.kestrel.core.condition.printer.ConditionPrinter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Laws of the parser and printer: round trip, idempotent printing, no crash on any input. */
class ConditionProperties {

    private static final Position P = Position.NONE;
    private static final String NASTY_CHARS = "ab Z09._-/*?[]{}()=,!<>\"'\\#$:|\t\n\r\b\f\u0000\u0001\u007f\u0085éλ";
    private static final List<String> TRICKY_WORDS = List.of(
            "and", "or", "not", "exists", "in", "=", "contains", "oneof", "anyof", "val(a.b)", "tolower(x.y)",
            "tolower", "val", "proc.name", "1", "-2.5e+3", "0x1F", "\\", "C:\\", "\"", "'", "", " ", "a\\ b");

    @Property(tries = 300)
    void printedAstsParseBackToEqualAsts(@ForAll("expressions") Expr expr) {
        String printed = ConditionPrinter.print(expr);
        assertThat(ConditionParser.parse(printed)).as(printed).isEqualTo(expr);
    }

    @Property(tries = 200)
    void printingIsIdempotent(@ForAll("expressions") Expr expr) {
        String printed = ConditionPrinter.print(expr);
        assertThat(ConditionPrinter.print(ConditionParser.parse(printed))).isEqualTo(printed);
    }

    @Property(tries = 300)
    void anyTextGivesAnAstOrASyntaxError(@ForAll("conditionLikeText") String text) {
        checkParsesOrFailsCleanly(text);
    }

    @Property(tries = 300)
    void mutatedRealConditionsGiveAnAstOrASyntaxError(@ForAll("mutatedRealConditions") String text) {
        checkParsesOrFailsCleanly(text);
    }

    @Property(tries = 50)
    void deepNestingNeverOverflowsTheStack(
            @ForAll("nestingOpeners") String opener, @ForAll @IntRange(max = 50_000) int levels) {
        checkParsesOrFailsCleanly(opener.repeat(levels) + "x.y exists" + ")".repeat(levels));
    }

    @Provide
    Arbitrary<String> nestingOpeners() {
        return Arbitraries.of("(", "not(", "not ", "a and(", "tolower(", "x.y = join(1, (", "((not ");
    }

    /** Parsing succeeds (and then survives a print round trip) or fails with a positioned syntax error. */
    private static void checkParsesOrFailsCleanly(String text) {
        Expr parsed;
        try {
            parsed = ConditionParser.parse(text);
        } catch (ConditionSyntaxException e) {
            assertThat(e.position().offset()).isBetween(0, text.length());
            assertThat(e.position().line()).isPositive();
            assertThat(e.position().column()).isPositive();
            return;
        }
        // Canonical text spells "a and(b)" and "not(b)" with a blank and parentheses, which costs one
        // or two more levels of descent per group, so text near the limit may print deeper.
        ParseOptions roomier = new ParseOptions(ParseOptions.DEFAULT_MAX_DEPTH * 2);
        assertThat(ConditionParser.parse(ConditionPrinter.print(parsed), roomier)).isEqualTo(parsed);
    }

    // ---- generated text --------------------------------------------------------------------

    @Provide
    Arbitrary<String> conditionLikeText() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("and ", "or ", "not ", "not(", "(", ")", " ", ",", "exists", "in ", "= ", "<= ",
                        "contains ", "oneof ", "val(", "tolower(", "join(", "[", "]", "\"", "'", "\\", "\n"),
                Arbitraries.of(TRICKY_WORDS),
                fieldNames(),
                Arbitraries.strings().withChars(NASTY_CHARS).ofMaxLength(3));
        return tokens.list().ofMaxSize(25).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> mutatedRealConditions() {
        List<String> conditions = new ArrayList<>(OfficialConditions.load().values());
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.strings().withChars(NASTY_CHARS).ofMinLength(1).ofMaxLength(2))
                .as(Edit::new);
        return Combinators.combine(Arbitraries.of(conditions), edit.list().ofMinSize(1).ofMaxSize(4))
                .as((condition, edits) -> {
                    String text = condition;
                    for (Edit e : edits) {
                        text = e.applyTo(text);
                    }
                    return text;
                });
    }

    /** Insert, delete or replace a few characters at a relative position. */
    private record Edit(double where, int kind, String text) {
        String applyTo(String condition) {
            int at = (int) (where * condition.length());
            int end = Math.min(condition.length(), at + text.length());
            return switch (kind) {
                case 0 -> condition.substring(0, at) + text + condition.substring(at);
                case 1 -> condition.substring(0, at) + condition.substring(end);
                default -> condition.substring(0, at) + text + condition.substring(end);
            };
        }
    }

    // ---- generated ASTs --------------------------------------------------------------------

    @Provide
    Arbitrary<Expr> expressions() {
        return expression(4);
    }

    private Arbitrary<Expr> expression(int depth) {
        if (depth == 0) {
            return check();
        }
        Arbitrary<Expr> smaller = Arbitraries.lazy(() -> expression(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, check()),
                Tuple.of(1, smaller.list().ofMinSize(2).ofMaxSize(4).map(c -> new Expr.And(c, P))),
                Tuple.of(1, smaller.list().ofMinSize(2).ofMaxSize(4).map(c -> new Expr.Or(c, P))),
                Tuple.of(1, smaller.map(e -> new Expr.Not(e, P))));
    }

    private Arbitrary<Expr> check() {
        return Arbitraries.oneOf(
                identifiers().map(name -> new Expr.MacroRef(name, P)),
                operand(2).map(left -> new Expr.Exists(left, P)),
                comparison());
    }

    private Arbitrary<Expr> comparison() {
        return Combinators.combine(operand(2), Arbitraries.of(Operator.class), Arbitraries.of(Modifier.class).injectNull(0.6))
                .flatAs((left, operator, modifier) -> rightSide(operator, modifier)
                        .map(right -> new Expr.Comparison(left, operator, right.modifier, right.value, P)));
    }

    private record RightSide(Modifier modifier, Value value) {
    }

    private Arbitrary<RightSide> rightSide(Operator operator, Modifier modifier) {
        Arbitrary<Value> computed = Arbitraries.oneOf(
                field().map(f -> new Value.FieldValue(f, P)),
                transform(2).map(t -> new Value.TransformValue(t, P)));
        Arbitrary<Value> plain;
        if (operator.takesList()) {
            plain = Arbitraries.oneOf(listLiteral(), identifiers().map(name -> new Value.ListName(name, P)));
        } else if (operator.takesNumber()) {
            plain = numbers().map(n -> new Value.Literal(n, P));
        } else if (modifier != null) {
            return listLiteral().map(list -> new RightSide(modifier, list));
        } else {
            plain = strings().map(s -> new Value.Literal(s, P));
        }
        return Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(1, computed))
                .map(value -> new RightSide(null, value));
    }

    private Arbitrary<Value> listLiteral() {
        return strings().map(s -> new Value.Literal(s, P)).list().ofMaxSize(4).map(items -> new Value.ListLiteral(items, P));
    }

    private Arbitrary<Operand> operand(int depth) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, field()),
                Tuple.of(1, transform(depth)));
    }

    private Arbitrary<Operand.Transform> transform(int depth) {
        Arbitrary<Operand> argument = depth == 0
                ? field().map(Operand.class::cast)
                : Arbitraries.frequencyOf(
                        Tuple.of(4, field()),
                        Tuple.of(1, Arbitraries.lazy(() -> transform(depth - 1))),
                        Tuple.of(1, Arbitraries.oneOf(strings(), numbers()).map(s -> new Operand.Constant(s, P))),
                        Tuple.of(1, field().list().ofMinSize(1).ofMaxSize(3)
                                .map(items -> new Operand.Group(new ArrayList<>(items), P))));
        return Combinators.combine(
                        Arbitraries.of(Transformer.class),
                        argument.list().ofMinSize(1).ofMaxSize(3),
                        strings().injectNull(0.8))
                .as((transformer, arguments, bracket) -> new Operand.Transform(transformer, arguments, bracket, P));
    }

    private Arbitrary<Operand.Field> field() {
        return Combinators.combine(fieldNames(), strings().injectNull(0.7))
                .as((name, argument) -> new Operand.Field(name, argument, P));
    }

    private Arbitrary<String> fieldNames() {
        return identifierSegment().list().ofMinSize(2).ofMaxSize(3).map(parts -> String.join(".", parts));
    }

    private Arbitrary<String> identifiers() {
        return Arbitraries.oneOf(identifierSegment(), Arbitraries.of("not", "and", "or", "exists", "in", "oneof", "tolower", "val"));
    }

    private Arbitrary<String> identifierSegment() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z');
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('_').ofMaxLength(5);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    private Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("0x1F", "0XaB", "+1.", "1.5e+3", "-0.25E-7", "007"));
    }

    private Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(NASTY_CHARS).ofMaxLength(8),
                Arbitraries.strings().alpha().numeric().withChars("/._-*:").ofMinLength(1).ofMaxLength(10),
                Arbitraries.of(TRICKY_WORDS),
                Arbitraries.strings().all().ofMaxLength(4));
    }
}
