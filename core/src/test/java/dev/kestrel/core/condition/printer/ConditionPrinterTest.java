package dev.kestrel.core.condition.printer;

import static dev.kestrel.core.condition.Ast.and;
import static dev.kestrel.core.condition.Ast.call;
import static dev.kestrel.core.condition.Ast.cmp;
import static dev.kestrel.core.condition.Ast.constant;
import static dev.kestrel.core.condition.Ast.field;
import static dev.kestrel.core.condition.Ast.group;
import static dev.kestrel.core.condition.Ast.list;
import static dev.kestrel.core.condition.Ast.listName;
import static dev.kestrel.core.condition.Ast.lit;
import static dev.kestrel.core.condition.Ast.macro;
import static dev.kestrel.core.condition.Ast.not;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.parser.ConditionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionPrinterTest {

    private static String canonical(String condition) {
        return ConditionPrinter.print(ConditionParser.parse(condition));
    }

    @Test
    void groupsEveryAndAndOrInParentheses() {
        assertThat(canonical("a.a=1 or b.b=2 and c")).isEqualTo("(a.a = 1 or (b.b = 2 and c))");
        assertThat(canonical("not a and not (b or c)")).isEqualTo("(not a and not (b or c))");
    }

    @Test
    void printsOperatorsListsAndTransformers() {
        assertThat(canonical("proc.name in(a,'b c' , \"d\")")).isEqualTo("proc.name in (a, \"b c\", d)");
        assertThat(canonical("proc.name in ()")).isEqualTo("proc.name in ()");
        assertThat(canonical("proc.name in my_list")).isEqualTo("proc.name in my_list");
        assertThat(canonical("x.y existsand m")).isEqualTo("(x.y exists and m)");
        assertThat(canonical("evt.cpu>-5")).isEqualTo("evt.cpu > -5");
        assertThat(canonical("proc.name = oneof (a, b)")).isEqualTo("proc.name = oneof (a, b)");
        assertThat(canonical("proc.name = val( proc.pname )")).isEqualTo("proc.name = val(proc.pname)");
        assertThat(canonical("b64(toupper(x.y)) != tolower(a.b)")).isEqualTo("b64(toupper(x.y)) != tolower(a.b)");
        assertThat(canonical("getopt(proc.args,'ab:')[b] = x")).isEqualTo("getopt(proc.args, \"ab:\")[b] = x");
        assertThat(canonical("join(\",\", (a.b, 3)) = x")).isEqualTo("join(\",\", (a.b, 3)) = x");
    }

    @Test
    void printsFieldArgumentsBareWhenPossible() {
        assertThat(canonical("test.str[0a!@#456:/\\.;!$%^&*(){}|] exists"))
                .isEqualTo("test.str[0a!@#456:/\\.;!$%^&*(){}|] exists");
        assertThat(canonical("container.label['a b'] exists")).isEqualTo("container.label[\"a b\"] exists");
        assertThat(canonical("container.label[\"\"] exists")).isEqualTo("container.label[\"\"] exists");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain        | plain",
        "/usr/bin/    | /usr/bin/",
        "*.log        | *.log",
        "runc:[0:PARENT] | runc:[0:PARENT]",
        "proc.pname   | proc.pname",
        "`a b`        | `\"a b\"`",
        "``           | `\"\"`",
        "and          | `\"and\"`",
        "not          | `\"not\"`",
        "contains     | `\"contains\"`",
        "oneof        | `\"oneof\"`",
        "a=b          | `\"a=b\"`",
        "`a,b`        | `\"a,b\"`",
        "(x)          | `\"(x)\"`",
        "`it's`       | `\"it's\"`",
        "`say \"hi\"` | `\"say \\\"hi\\\"\"`",
        "`a\\b`       | `\"a\\\\b\"`",
        "`C:\\`       | `\"C:\\x5c\"`",
    })
    void quotesValuesOnlyWhenNeeded(String value, String printed) {
        Expr expr = cmp("x.y", "=", value);
        assertThat(ConditionPrinter.print(expr)).isEqualTo("x.y = " + printed);
        assertThat(ConditionParser.parse(ConditionPrinter.print(expr))).isEqualTo(expr);
    }

    @Test
    void escapesControlCharacters() {
        Expr expr = cmp("x.y", "=", "a\tb\nc\u0001\u007f");
        assertThat(ConditionPrinter.print(expr)).isEqualTo("x.y = \"a\\tb\\nc\\x01\\x7f\"");
        assertThat(ConditionParser.parse(ConditionPrinter.print(expr))).isEqualTo(expr);
    }

    @Test
    void keepsStructureThatTheParserWouldFlatten() {
        assertThat(ConditionPrinter.print(not(not(macro("a"))))).isEqualTo("not (not a)");
        assertThat(ConditionPrinter.print(and(macro("not"), macro("or")))).isEqualTo("((not) and (or))");
        Expr nested = and(and(macro("a"), macro("b")), macro("c"));
        assertThat(ConditionParser.parse(ConditionPrinter.print(nested))).isEqualTo(nested);
    }

    @Test
    void refusesAstsThatNoTextCanExpress() {
        assertThatThrownBy(() -> ConditionPrinter.print(new Expr.And(List.of(), Position.NONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(field("x.y"), "=", list("a"))))
                .hasMessageContaining("a list cannot follow '='");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp("x.y", "<", "abc")))
                .hasMessageContaining("'<' needs a number");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(field("x.y"), "in", lit("a"))))
                .hasMessageContaining("a single value cannot follow 'in'");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(field("x.y"), "=", listName("l"))))
                .hasMessageContaining("a list name cannot follow '='");
        assertThatThrownBy(() -> ConditionPrinter.print(macro("my-macro")))
                .hasMessageContaining("'my-macro' is not a valid macro name");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(field("x"), "=", lit("a"))))
                .hasMessageContaining("'x' is not a field name");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(field("x.y"), "in", Modifier.ONEOF, list("a"))))
                .hasMessageContaining("'in' takes no modifier");
        assertThatThrownBy(() -> ConditionPrinter.print(cmp(call("join"), "=", lit("a"))))
                .hasMessageContaining("at least one argument");
        assertThat(ConditionPrinter.print(cmp(call("concat", constant("5"), constant("a b")), "=", lit("a"))))
                .isEqualTo("concat(5, \"a b\") = a");
    }
}
