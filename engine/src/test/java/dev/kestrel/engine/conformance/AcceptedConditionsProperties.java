package dev.kestrel.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.compiler.RuleCompileException;
import dev.kestrel.engine.compiler.RuleCompiler;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.fields.FieldValueBinder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Any condition the parser accepts either loads and compiles, or fails with diagnostics that each name
 * a file, a line and a column: never another exception, never an internal error. What the loader's
 * checks accept, the compiler compiles (they share one typing table). Conditions are drawn
 * from the grammar with real fields of every kind, all operators and modifiers, every transformer (with
 * right and wrong argument counts and types), val(), lists, list names and macro names.
 */
class AcceptedConditionsProperties {

    private static final FieldCatalogue CATALOGUE = FieldCatalogue.load(AcceptedConditionsProperties.class.getClassLoader());

    private static final List<String> FIELDS = List.of("proc.name", "proc.pid", "proc.aname[2]", "proc.args",
            "fd.types", "fd.sip", "fd.snet", "fd.sport", "fd.name", "evt.type", "evt.rawarg.res", "evt.arg.fd",
            "evt.is_open_write", "evt.buffer", "proc.env[HOME]", "container.id", "k8s.pod.label[app]", "user.uid",
            "evt.num", "thread.cap_effective", "no.such_field");
    private static final List<String> OPERATORS = List.of("=", "==", "!=", "<", "<=", ">", ">=", "contains",
            "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob", "regex", "in",
            "intersects", "pmatch");
    private static final List<String> VALUES = List.of("bash", "-1", "0", "443", "https", "true", "10.0.0.1",
            "10.0.0.0/8", "'a b'", "\"x\\\\y\"", "6162", "'(a|b)+'", "'ba(sh'", "'[[:alpha:]]+'", "open",
            "proc.name", "toupper(proc.name)", "/usr/bin", "*", "<NA>", "18446744073709551615", "oneof", "and");

    @Provide
    Arbitrary<String> conditions() {
        return expr(3);
    }

    private Arbitrary<String> expr(int depth) {
        if (depth == 0) {
            return check();
        }
        Arbitrary<String> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.oneOf(check(), check(),
                Combinators.combine(sub, Arbitraries.of(" and ", " or "), sub).as((a, op, b) -> a + op + b),
                sub.map(e -> "not " + e), sub.map(e -> "(" + e + ")"));
    }

    private Arbitrary<String> check() {
        Arbitrary<String> left = operand(2);
        Arbitrary<String> right = Arbitraries.oneOf(Arbitraries.of(VALUES), list(),
                Arbitraries.of(FIELDS).map(f -> "val(" + f + ")"), operand(1),
                Arbitraries.of("my_list", "oneof", "allowed"));
        Arbitrary<String> modifier = Arbitraries.of("", "oneof ", "anyof ", "allof ");
        return Arbitraries.oneOf(
                Combinators.combine(left, Arbitraries.of(OPERATORS), modifier, right)
                        .as((l, op, m, r) -> l + " " + op + " " + m + r),
                left.map(l -> l + " exists"),
                Arbitraries.of("some_macro", "oneof"));
    }

    private Arbitrary<String> list() {
        return Arbitraries.of(VALUES).list().ofMaxSize(3).map(items -> "(" + String.join(", ", items) + ")");
    }

    private Arbitrary<String> operand(int depth) {
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        if (depth == 0) {
            return field;
        }
        Arbitrary<String> arg = Arbitraries.oneOf(Arbitraries.lazy(() -> operand(depth - 1)),
                Arbitraries.of("\"-\"", "\"nt:\"", "1", "()", "(proc.name, \"a\")", "(\"-n\", \"-t\")"));
        Arbitrary<List<String>> args = arg.list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.oneOf(field, field,
                Combinators.combine(Arbitraries.of("tolower", "toupper", "b64", "basename", "len", "join", "concat",
                        "getopt"), args, Arbitraries.of("", "", "[t]", "[\"\"]"))
                        .as((t, a, selector) -> t + "(" + String.join(", ", a) + ")" + selector));
    }

    @Property(tries = 500)
    @StatisticsReport(onFailureOnly = true)
    void anAcceptedConditionCompilesOrFailsAtAPlace(@ForAll("conditions") String condition) {
        try {
            ConditionParser.parse(condition);
        } catch (ConditionSyntaxException e) {
            assertThat(e.position().line()).isPositive();
            Statistics.label("outcome").collect("syntax error");
            return;
        }
        String yaml = "- rule: r\n  desc: d\n  condition: \"" + condition.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"\n  output: o\n  priority: WARNING\n";
        LoadResult loaded = new RulesLoader(CATALOGUE).load(List.of(new RulesSource("rules.yaml", yaml)));
        List<Diagnostic> all = new ArrayList<>(loaded.errors());
        all.addAll(loaded.warnings());
        if (loaded.errors().isEmpty()) {
            try {
                new RuleCompiler(CATALOGUE, new FieldValueBinder(CATALOGUE)).compile(loaded.rules());
            } catch (RuleCompileException e) {
                // the loader's checks and the compiler share one table: what loads, compiles
                throw new AssertionError("loaded but did not compile: " + condition + ": " + e.diagnostics(), e);
            }
        }
        Statistics.label("outcome").collect(loaded.errors().isEmpty() && all.stream()
                .noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR) ? "compiled" : "refused at a place");
        Statistics.label("outcome").coverage(c -> {
            c.check("compiled").percentage(p -> p > 3);
            c.check("refused at a place").percentage(p -> p > 3);
        });
        for (Diagnostic d : all) {
            assertThat(d.file()).as(condition).isEqualTo("rules.yaml");
            // a problem of the condition is on its line; rule-wide ones (no event type) at the rule
            assertThat(d.line()).as("%s: %s", condition, d)
                    .isEqualTo(d.code() == DiagnosticCode.LOAD_NO_EVTTYPE ? 1 : 3);
            assertThat(d.column()).as("%s: %s", condition, d).isGreaterThanOrEqualTo(3);
            assertThat(d.message()).as(condition).doesNotContain("internal error");
        }
    }
}
