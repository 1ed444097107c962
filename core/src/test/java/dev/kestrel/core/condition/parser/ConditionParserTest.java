package dev.kestrel.core.condition.parser;

import static dev.kestrel.core.condition.Ast.and;
import static dev.kestrel.core.condition.Ast.call;
import static dev.kestrel.core.condition.Ast.cmp;
import static dev.kestrel.core.condition.Ast.constant;
import static dev.kestrel.core.condition.Ast.exists;
import static dev.kestrel.core.condition.Ast.field;
import static dev.kestrel.core.condition.Ast.group;
import static dev.kestrel.core.condition.Ast.list;
import static dev.kestrel.core.condition.Ast.listName;
import static dev.kestrel.core.condition.Ast.lit;
import static dev.kestrel.core.condition.Ast.macro;
import static dev.kestrel.core.condition.Ast.not;
import static dev.kestrel.core.condition.Ast.or;
import static dev.kestrel.core.condition.Ast.transformed;
import static dev.kestrel.core.condition.Ast.val;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConditionParserTest {

    private static final long SMALL_STACK_BYTES = 512 * 1024;

    private static Expr parse(String text) {
        return ConditionParser.parse(text);
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(parse("a.a=1 or b.b=2 and c"))
                .isEqualTo(or(cmp("a.a", "=", "1"), and(cmp("b.b", "=", "2"), macro("c"))));
    }

    @Test
    void andAndOrAreNaryLeftToRight() {
        assertThat(parse("a and b and c or d or e and f"))
                .isEqualTo(or(and(macro("a"), macro("b"), macro("c")), macro("d"), and(macro("e"), macro("f"))));
    }

    @Test
    void parenthesesGroupAndKeepTheirNesting() {
        assertThat(parse("(a or b) and c")).isEqualTo(and(or(macro("a"), macro("b")), macro("c")));
        assertThat(parse("((a and b)) and c")).isEqualTo(and(and(macro("a"), macro("b")), macro("c")));
        assertThat(parse(" ( a ) ")).isEqualTo(macro("a"));
    }

    @Test
    void notBindsTighterThanAnd() {
        assertThat(parse("not a and b")).isEqualTo(and(not(macro("a")), macro("b")));
        assertThat(parse("not proc.name = bash")).isEqualTo(not(cmp("proc.name", "=", "bash")));
    }

    @Test
    void repeatedNotsToggle() {
        assertThat(parse("not not a")).isEqualTo(macro("a"));
        assertThat(parse("not not not a")).isEqualTo(not(macro("a")));
        assertThat(parse("not not(a)")).isEqualTo(macro("a"));
        assertThat(parse("not(a or b)")).isEqualTo(not(or(macro("a"), macro("b"))));
        assertThat(parse("not (not a)")).isEqualTo(not(not(macro("a"))));
    }

    @Test
    void keywordAfterAndOrNeedsBlankOrParenthesis() {
        assertThat(parse("a and(b)")).isEqualTo(and(macro("a"), macro("b")));
        assertThat(parse("a or(b or c)")).isEqualTo(or(macro("a"), or(macro("b"), macro("c"))));
        assertThat(parse("a and\nb")).isEqualTo(and(macro("a"), macro("b")));
    }

    @Test
    void wordsThatStartWithKeywordsAreIdentifiers() {
        assertThat(parse("notb")).isEqualTo(macro("notb"));
        assertThat(parse("not_macro")).isEqualTo(macro("not_macro"));
        assertThat(parse("and_macro")).isEqualTo(macro("and_macro"));
        assertThat(parse("or_macro")).isEqualTo(macro("or_macro"));
        assertThat(parse("not")).isEqualTo(macro("not"));
        assertThat(parse("a and not")).isEqualTo(and(macro("a"), macro("not")));
    }

    @Test
    void existsNeedsNothingAfterIt() {
        assertThat(parse("x.y existsand m")).isEqualTo(and(exists(field("x.y")), macro("m")));
        assertThat(parse("x.y exists")).isEqualTo(exists(field("x.y")));
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void everyOperatorParses(Operator operator) {
        String right = operator.takesList() ? "(a, b)" : isNumeric(operator) ? "5" : "a";
        Expr parsed = parse("x.y " + operator.text() + " " + right);
        assertThat(parsed).isInstanceOf(Expr.Comparison.class);
        assertThat(((Expr.Comparison) parsed).operator()).isEqualTo(operator);
    }

    private static boolean isNumeric(Operator operator) {
        return operator == Operator.LT || operator == Operator.LE || operator == Operator.GT || operator == Operator.GE;
    }

    @Test
    void symbolOperatorsNeedNoBlanks() {
        assertThat(parse("test.op =value")).isEqualTo(cmp("test.op", "=", "value"));
        assertThat(parse("test.op==value")).isEqualTo(cmp("test.op", "==", "value"));
        assertThat(parse("test.op!=value")).isEqualTo(cmp("test.op", "!=", "value"));
        assertThat(parse("x.y<=5")).isEqualTo(cmp("x.y", "<=", "5"));
        assertThat(parse("x.y>-5")).isEqualTo(cmp("x.y", ">", "-5"));
    }

    @Test
    void listOperatorsMayTouchTheList() {
        assertThat(parse("proc.name in(a,b)")).isEqualTo(cmp(field("proc.name"), "in", list("a", "b")));
        assertThat(parse("proc.name intersects(a)")).isEqualTo(cmp(field("proc.name"), "intersects", list("a")));
        assertThat(parse("fd.name pmatch (/tmp, /var/run)"))
                .isEqualTo(cmp(field("fd.name"), "pmatch", list("/tmp", "/var/run")));
    }

    @Test
    void wordOperatorsNeedABlank() {
        assertThat(parse("proc.name contains\tfoo")).isEqualTo(cmp("proc.name", "contains", "foo"));
        assertSyntaxError("proc.name contains(foo)", "expected a valid check operator");
        assertSyntaxError("proc.name startswith/bin", "expected a valid check operator");
    }

    @Test
    void keywordsAreCaseSensitive() {
        assertSyntaxError("x.y ExIsTs", "expected a valid check operator");
        assertSyntaxError("a AND b", "unexpected token after 'a'");
    }

    @Test
    void listsHoldStringsOnly() {
        assertThat(parse("proc.name in ()")).isEqualTo(cmp(field("proc.name"), "in", list()));
        assertThat(parse("proc.name in ( )")).isEqualTo(cmp(field("proc.name"), "in", list()));
        assertThat(parse("x.y in (a, 'b c', \"d\")")).isEqualTo(cmp(field("x.y"), "in", list("a", "b c", "d")));
        assertThat(parse("x.y in (b.c)")).isEqualTo(cmp(field("x.y"), "in", list("b.c")));
        assertThat(parse("x.y in (\n  a ,\n  b\n)")).isEqualTo(cmp(field("x.y"), "in", list("a", "b")));
    }

    @Test
    void emptyListElementsAreErrors() {
        assertSyntaxError("x.y in (a,)", "expected a string value after ','");
        assertSyntaxError("x.y in (,)", "expected a string value or ')'");
        assertSyntaxError("x.y in (a b)", "expected ',' or ')' in the list");
        assertSyntaxError("x.y in (a=b)", "expected ',' or ')' in the list");
    }

    @Test
    void anIdentifierAfterAListOperatorIsAListName() {
        assertThat(parse("proc.name in my_list")).isEqualTo(cmp(field("proc.name"), "in", listName("my_list")));
        // Falco's list operators need nothing after them, so this is "in x".
        assertThat(parse("proc.name inx")).isEqualTo(cmp(field("proc.name"), "in", listName("x")));
        assertSyntaxError("proc.name in 'a'", "expected a list, an identifier");
    }

    @Test
    void bareStrings() {
        assertThat(parse("fd.name=*.log")).isEqualTo(cmp("fd.name", "=", "*.log"));
        assertThat(parse("fd.name startswith /usr/bin/")).isEqualTo(cmp("fd.name", "startswith", "/usr/bin/"));
        assertThat(parse("proc.name = runc:[0:PARENT]")).isEqualTo(cmp("proc.name", "=", "runc:[0:PARENT]"));
        assertThat(parse("x.y = 0xAAA.1")).isEqualTo(cmp("x.y", "=", "0xAAA.1"));
        assertThat(parse("x.y = !0.1e5")).isEqualTo(cmp("x.y", "=", "!0.1e5"));
        assertThat(parse("x.y = #a")).isEqualTo(cmp("x.y", "=", "#a"));
        assertSyntaxError("x.y = a,", "unexpected token after 'a'");
        assertSyntaxError("x.y = a=", "unexpected token after 'a'");
    }

    @Test
    void aFieldOnTheRightWithoutValIsAString() {
        assertThat(parse("proc.name = proc.pname")).isEqualTo(cmp("proc.name", "=", "proc.pname"));
        assertThat(parse("proc.name = val(proc.pname)"))
                .isEqualTo(cmp(field("proc.name"), "=", val(field("proc.pname"))));
        assertThat(parse("proc.name = val( proc.aname[2] )"))
                .isEqualTo(cmp(field("proc.name"), "=", val(field("proc.aname", "2"))));
    }

    @Test
    void valOnlyOnTheRightAndOnlyAroundAField() {
        assertSyntaxError("val(x.y) = a", "unexpected token after 'val'");
        assertSyntaxError("x.y = val(tolower(a.b))", "expected a field within 'val' transformer");
        assertSyntaxError("x.y = val(a.b", "expected a ')' token closing the transformer");
    }

    @Test
    void quotedStringsAndEscapes() {
        assertThat(parse("x.y = \"a b\"")).isEqualTo(cmp("x.y", "=", "a b"));
        assertThat(parse("x.y = 'a \"b\"'")).isEqualTo(cmp("x.y", "=", "a \"b\""));
        assertThat(parse("x.y = 'it\\'s'")).isEqualTo(cmp("x.y", "=", "it's"));
        assertThat(parse("x.y = \"say \\\"hi\\\"\"")).isEqualTo(cmp("x.y", "=", "say \"hi\""));
        assertThat(parse("x.y = \"\\b\\f\\n\\r\\t\\\\\\/\"")).isEqualTo(cmp("x.y", "=", "\b\f\n\r\t\\/"));
        assertThat(parse("x.y = \"\\x41\\x7a\\x00\"")).isEqualTo(cmp("x.y", "=", "Az\0"));
        assertThat(parse("x.y = \"a\\ b\"")).isEqualTo(cmp("x.y", "=", "a\\b"));
        assertThat(parse("x.y = \"\"")).isEqualTo(cmp("x.y", "=", ""));
    }

    @Test
    void badEscapesAreErrors() {
        assertSyntaxError("x.y = \"\\q\"", "invalid escape '\\q'");
        assertSyntaxError("x.y = \"\\'\"", "invalid escape '\\''");
        assertSyntaxError("x.y = '\\\"'", "invalid escape '\\\"'");
        assertSyntaxError("x.y = \"\\x4\"", "invalid escape '\\x4'");
        assertSyntaxError("x.y = \"\\xZZ\"", "invalid escape '\\xZZ'; \\x needs exactly two hex digits");
    }

    @Test
    void aQuoteAfterABackslashNeverClosesTheString() {
        // Falco's lexer quirk: the escaped backslash does not protect the quote after it.
        assertSyntaxError("x.y = \"C:\\\\\"", "unterminated quoted string");
        assertThat(parse("x.y = \"a\\\\\"b\"")).isEqualTo(cmp("x.y", "=", "a\\\"b"));
        assertSyntaxError("x.y = 'abc", "unterminated quoted string");
    }

    @Test
    void numbers() {
        assertThat(parse("evt.cpu > -500")).isEqualTo(cmp("evt.cpu", ">", "-500"));
        assertThat(parse("x.y >= 0x1F")).isEqualTo(cmp("x.y", ">=", "0x1F"));
        assertThat(parse("x.y < 1.5e+3")).isEqualTo(cmp("x.y", "<", "1.5e+3"));
        assertThat(parse("x.y < +1.")).isEqualTo(cmp("x.y", "<", "+1."));
        assertSyntaxError("x.y < 1e5", "unexpected token after '1'");
        assertSyntaxError("x.y > abc", "expected a number value");
        assertSyntaxError("x.y > oneof (1, 2)", "expected a number value");
    }

    @Test
    void fieldNamesAndArguments() {
        assertThat(parse("evt.arg.name = x")).isEqualTo(cmp("evt.arg.name", "=", "x"));
        assertThat(parse("evt.arg[0] = x")).isEqualTo(cmp(field("evt.arg", "0"), "=", lit("x")));
        assertThat(parse("proc.aname[2] = x")).isEqualTo(cmp(field("proc.aname", "2"), "=", lit("x")));
        assertThat(parse("k8s.pod.label[app] = x")).isEqualTo(cmp(field("k8s.pod.label", "app"), "=", lit("x")));
        assertThat(parse("container.label[\"a b\"] = x"))
                .isEqualTo(cmp(field("container.label", "a b"), "=", lit("x")));
        assertThat(parse("test.str[0a!@#456:/\\.;!$%^&*(){}|] exists"))
                .isEqualTo(exists(field("test.str", "0a!@#456:/\\.;!$%^&*(){}|")));
        assertThat(parse("a_1.b2_ exists")).isEqualTo(exists(field("a_1.b2_")));
    }

    @Test
    void badFieldArguments() {
        assertSyntaxError("test.str[ x ] exists", "expected a valid field argument");
        assertSyntaxError("x.y[] exists", "expected a valid field argument");
        assertSyntaxError("x.y[\"a\" ] exists", "expected a ']' token");
        assertSyntaxError("x.1y exists", "unexpected token after 'x'");
    }

    @Test
    void transformers() {
        assertThat(parse("tolower(proc.name) = bash"))
                .isEqualTo(cmp(call("tolower", field("proc.name")), "=", lit("bash")));
        assertThat(parse("b64(toupper(x.y)) = a"))
                .isEqualTo(cmp(call("b64", call("toupper", field("x.y"))), "=", lit("a")));
        assertThat(parse("len(fd.types) = 2")).isEqualTo(cmp(call("len", field("fd.types")), "=", lit("2")));
        assertThat(parse("basename( fd.name ) = file_to_run"))
                .isEqualTo(cmp(call("basename", field("fd.name")), "=", lit("file_to_run")));
        assertThat(parse("proc.name = toupper(proc.pname)"))
                .isEqualTo(cmp(field("proc.name"), "=", transformed(call("toupper", field("proc.pname")))));
        assertThat(parse("len(proc.args) > len(proc.env)"))
                .isEqualTo(cmp(call("len", field("proc.args")), ">", transformed(call("len", field("proc.env")))));
        assertThat(parse("x.y in tolower(a.b)"))
                .isEqualTo(cmp(field("x.y"), "in", transformed(call("tolower", field("a.b")))));
        assertThat(parse("tolower(x.y) exists")).isEqualTo(exists(call("tolower", field("x.y"))));
    }

    @Test
    void newerMultiValueTransformers() {
        assertThat(parse("join(\",\", (a.b, c.d)) = x"))
                .isEqualTo(cmp(call("join", constant(","), group(field("a.b"), field("c.d"))), "=", lit("x")));
        assertThat(parse("concat(a.b, '-', 3) = x"))
                .isEqualTo(cmp(call("concat", field("a.b"), constant("-"), constant("3")), "=", lit("x")));
        assertThat(parse("getopt(proc.args, \"ab:\")[b] = x"))
                .isEqualTo(cmp(call("getopt", "b", field("proc.args"), constant("ab:")), "=", lit("x")));
    }

    @Test
    void aTransformerNameNeedsItsParenthesisGlued() {
        assertSyntaxError("tolower (x.y) = a", "unexpected token after 'tolower'");
        assertThat(parse("x.y = tolower")).isEqualTo(cmp("x.y", "=", "tolower"));
        assertSyntaxError("x.y = tolower(abc)", "expected field transformer argument");
        assertSyntaxError("tolower() = a", "expected field transformer argument");
        assertSyntaxError("tolower(x.y = a", "expected a ')' token closing the transformer");
    }

    @Test
    void modifiers() {
        assertThat(parse("proc.name = oneof (a, b)"))
                .isEqualTo(cmp(field("proc.name"), "=", Modifier.ONEOF, list("a", "b")));
        assertThat(parse("proc.name startswith anyof\n(a)"))
                .isEqualTo(cmp(field("proc.name"), "startswith", Modifier.ANYOF, list("a")));
        assertThat(parse("proc.name != allof ()")).isEqualTo(cmp(field("proc.name"), "!=", Modifier.ALLOF, list()));
        assertThat(parse("proc.name == oneof")).isEqualTo(cmp("proc.name", "==", "oneof"));
        assertThat(parse("proc.name == oneof and a")).isEqualTo(and(cmp("proc.name", "==", "oneof"), macro("a")));
        assertSyntaxError("proc.name = oneof(a, b)", "unexpected token after 'oneof'");
        assertSyntaxError("proc.name in oneof (a)", "unexpected token after 'oneof'");
    }

    @Test
    void blanksIncludeNewlinesTabsAndBackspace() {
        assertThat(parse("\n\ta.b\r\n=\bc\n")).isEqualTo(cmp("a.b", "=", "c"));
    }

    @Test
    void leftoverTextIsAnError() {
        ConditionSyntaxException e = syntaxError("proc.name = a b");
        assertThat(e.reason()).isEqualTo("unexpected token after 'a', expecting 'or', 'and'");
        assertThat(e.position()).isEqualTo(new Position(14, 1, 15));
        assertSyntaxError("a andb", "expected a blank or '(' after 'and'");
        assertSyntaxError("a or(b) and c", "unexpected token after ')', expecting 'or', 'and'");
        assertSyntaxError("#a and b", "expected a '(' token, a field check, or an identifier");
        assertSyntaxError("a(b)", "unexpected token after 'a'");
        assertSyntaxError("x.y and z", "expected a valid check operator: one of 'exists', '=', '=='");
        assertSyntaxError("(a", "expected a ')' token");
    }

    @Test
    void emptyAndBlankInputAreErrors() {
        assertSyntaxError("", "the condition is empty");
        assertSyntaxError(" \n ", "expected a '(' token, a field check, or an identifier");
        assertSyntaxError("not ", "expected a '(' token, a field check, or an identifier");
    }

    @Test
    void errorsCarryLineAndColumn() {
        ConditionSyntaxException e = syntaxError("a and\n  b.c = \"x\\q\"");
        assertThat(e.position().line()).isEqualTo(2);
        assertThat(e.position().column()).isEqualTo(11);
        assertThat(e.position().offset()).isEqualTo(16);
        assertThat(e.getMessage()).contains("line 2, column 11");
    }

    @Test
    void nodesCarryTheirPositions() {
        Expr.And and = (Expr.And) parse("a and\n  proc.name = x");
        Expr.Comparison comparison = (Expr.Comparison) and.children().get(1);
        assertThat(comparison.position()).isEqualTo(new Position(8, 2, 3));
        assertThat(comparison.right().position()).isEqualTo(new Position(20, 2, 15));
    }

    @Test
    void aboutTwoHundredNestedGroupsFitTheDefaultLimitAsInFalco() {
        // Like Falco, the limit counts steps of the descent: five per parenthesized group.
        String text = "(".repeat(199) + "a" + ")".repeat(199);
        assertThat(parse(text)).isEqualTo(macro("a"));
        assertSyntaxError("(".repeat(200) + "a" + ")".repeat(200), "expression nesting deeper than 1000 levels");
    }

    @Test
    void nestingBeyondTheLimitIsASyntaxError() {
        String text = "(".repeat(100_000) + "a" + ")".repeat(100_000);
        ConditionSyntaxException e = syntaxError(text);
        assertThat(e.reason()).isEqualTo("expression nesting deeper than 1000 levels");
        assertThat(e.position().column()).isEqualTo(201);
        assertSyntaxError("not(".repeat(100_000) + "a", "expression nesting deeper than 1000 levels");
        assertSyntaxError("tolower(".repeat(100_000), "expression nesting deeper than 1000 levels");
        assertSyntaxError("x.y = join(\",\", " + "join(\",\", ".repeat(100_000), "expression nesting deeper than 1000 levels");
        assertSyntaxError("x.y = join(\",\", ((a.b)))", "expected transformer list argument");
        assertThat(catchSyntaxError(() -> ConditionParser.parse("(a)", new ParseOptions(5))).reason())
                .isEqualTo("expression nesting deeper than 5 levels");
        assertThat(ConditionParser.parse("a", new ParseOptions(4))).isEqualTo(macro("a"));
    }

    @Test
    void theDepthLimitKeepsParsingWithinASmallThreadStack() throws InterruptedException {
        List<String> hostile = List.of(
                "(".repeat(100_000), "not(".repeat(100_000), "a and(".repeat(100_000),
                "tolower(".repeat(100_000), "x.y = join(1, " + "(".repeat(100_000));
        List<Throwable> unexpected = new ArrayList<>();
        Runnable parseAll = () -> hostile.forEach(text -> {
            try {
                ConditionParser.parse(text);
            } catch (ConditionSyntaxException expected) {
                // the point: a syntax error, not a StackOverflowError
            } catch (Throwable t) {
                unexpected.add(t);
            }
        });
        Thread thread = new Thread(null, parseAll, "small-stack", SMALL_STACK_BYTES);
        thread.start();
        thread.join();
        assertThat(unexpected).isEmpty();
    }

    @Test
    void manyNotsDoNotRecurse() {
        assertThat(parse("not ".repeat(100_000) + "a")).isEqualTo(macro("a"));
        assertThat(parse("not ".repeat(100_001) + "a")).isEqualTo(not(macro("a")));
    }

    @Test
    void longChainsDoNotRecurse() {
        assertThat(parse("a and ".repeat(100_000) + "a")).isInstanceOf(Expr.And.class);
    }

    private static void assertSyntaxError(String text, String reasonStart) {
        assertThat(syntaxError(text).reason()).startsWith(reasonStart);
    }

    private static ConditionSyntaxException syntaxError(String text) {
        return catchSyntaxError(() -> ConditionParser.parse(text));
    }

    private static ConditionSyntaxException catchSyntaxError(Runnable parse) {
        try {
            parse.run();
        } catch (ConditionSyntaxException e) {
            return e;
        }
        throw new AssertionError("expected a syntax error");
    }
}
