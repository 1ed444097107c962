package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.condition.parser.ConditionParser;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator on every kind of field, with the value present and missing, against Falco's semantics
 * (libs' userspace/libsinsp/sinsp_filtercheck.cpp, compare_nocache; docs/language.md, "Semantics, exactly
 * as Falco"): a missing value makes every comparison false, {@code !=} included.
 */
class OperatorSemanticsTest {

    private static Map<String, Object> ev(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final Map<String, Object> EMPTY = Map.of();
    private static final Map<String, Object> E = ev(
            "t.str", "/usr/bin/Bash", "t.str2", "/usr/bin/Bash", "t.buf", "ab\u0001c",
            "t.u8", 200L, "t.i16", -5L, "t.i64", -1L, "t.i64b", 7L, "t.u64", -1L, "t.port", 443L,
            "t.dbl", 2.0, "t.bool", true, "t.ip", "10.1.2.3", "t.net", "192.168.1.7",
            "t.anc", List.of("sshd", "bash", "init"), "t.apid", List.of(10L, 1L),
            "t.list", List.of("ipv4", "file"), "t.lnum", List.of(3L, 5L),
            "t.eip", Arrays.asList("10.0.0.1", "8.8.8.8"), "t.enet", Arrays.asList("10.0.0.1", "8.8.8.8"),
            "t.eport", Arrays.asList(40000L, 443L), "t.eproto", Arrays.asList("tcp", "tcp"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // strings
                row("t.str = /usr/bin/Bash", E, true), row("t.str == /usr/bin/bash", E, false),
                row("t.str != /usr/bin/bash", E, true), row("t.str != /usr/bin/Bash", E, false),
                row("t.str contains bin/B", E, true), row("t.str contains bin/b", E, false),
                row("t.str icontains BIN/b", E, true), row("t.str startswith /usr/", E, true),
                row("t.str endswith Bash", E, true), row("t.str endswith bash", E, false),
                row("t.str glob '/usr/*'", E, true), row("t.str glob '*Bash'", E, true),
                row("t.str glob '/usr/?in/B*'", E, true), row("t.str glob '/usr/[a-c]in/*'", E, true),
                row("t.str glob '/usr/[!b]in/*'", E, false), row("t.str glob '/usr'", E, false),
                row("t.str iglob '/USR/*/bash'", E, true), row("t.str glob '/USR/*'", E, false),
                row("t.str regex '/usr/.*'", E, true), row("t.str regex 'usr/.*'", E, false),
                row("t.str regex '/usr/bin/[[:alpha:]]+'", E, true),
                row("t.str in (a, /usr/bin/Bash)", E, true), row("t.str in (a, b)", E, false),
                row("t.str in ()", E, false), row("t.str intersects (/usr/bin/Bash)", E, true),
                row("t.str pmatch (/usr/bin)", E, true), row("t.str pmatch (/usr/bi)", E, false),
                row("t.str pmatch (/usr/*/Bash, /etc)", E, true), row("t.str pmatch (/)", E, true),
                row("t.str pmatch (/usr/bin/Bash/x)", E, false),
                // every string operator is false on a missing value, negative ones included
                row("t.str = x", EMPTY, false), row("t.str != x", EMPTY, false), row("t.str contains x", EMPTY, false),
                row("t.str icontains x", EMPTY, false), row("t.str startswith x", EMPTY, false),
                row("t.str endswith x", EMPTY, false), row("t.str glob '*'", EMPTY, false),
                row("t.str iglob '*'", EMPTY, false), row("t.str regex '.*'", EMPTY, false),
                row("t.str in (x)", EMPTY, false), row("t.str intersects (x)", EMPTY, false),
                row("t.str pmatch (/)", EMPTY, false),
                row("not t.str = x", EMPTY, true), row("not t.str != x", EMPTY, true),
                row("t.str exists", EMPTY, false), row("t.str exists", E, true),
                // bytebuf
                row("t.buf bcontains 0163", E, true), row("t.buf bcontains 0164", E, false),
                row("t.buf bstartswith 6162", E, true), row("t.buf bstartswith 62", E, false),
                row("t.buf contains b", E, true), row("t.buf bcontains 01", EMPTY, false),
                // integers: width, signedness, wrap of negative literals on unsigned fields
                row("t.u8 = 200", E, true), row("t.u8 > 100", E, true), row("t.u8 = -56", E, true),
                row("t.u8 != 200", E, false), row("t.u8 in (1, 200)", E, true), row("t.u8 <= 199", E, false),
                row("t.i16 > -500", E, true), row("t.i16 < 0", E, true), row("t.i16 >= -5", E, true),
                row("t.i64 = -1", E, true), row("t.i64 < 0", E, true),
                row("t.u64 > 1000", E, true), row("t.u64 = 18446744073709551615", E, true),
                row("t.u64 = -1", E, true), row("t.port = 443", E, true), row("t.port = https", E, true),
                row("t.port in (80, https)", E, true), row("t.port < 1024", E, true),
                row("t.i64 = 0", EMPTY, false), row("t.i64 != 0", EMPTY, false), row("t.i64 < 1", EMPTY, false),
                row("t.i64 > 1", EMPTY, false), row("t.i64 <= 1", EMPTY, false), row("t.i64 >= 1", EMPTY, false),
                row("t.i64 in (1)", EMPTY, false), row("t.i64 intersects (1)", EMPTY, false),
                row("t.i64 exists", EMPTY, false),
                // double and bool
                row("t.dbl = 2", E, true), row("t.dbl > 1", E, true), row("t.dbl != 2", E, false),
                row("t.dbl in (1, 2)", E, true), row("t.dbl < 2", EMPTY, false), row("t.dbl != 2", EMPTY, false),
                row("t.bool = true", E, true), row("t.bool != true", E, false), row("t.bool = false", E, false),
                row("t.bool in (false)", E, false), row("t.bool = true", EMPTY, false),
                row("t.bool != true", EMPTY, false),
                // addresses and networks, across families
                row("t.ip = 10.1.2.3", E, true), row("t.ip != 10.1.2.3", E, false),
                row("t.ip in (1.1.1.1, 10.1.2.3)", E, true), row("t.ip = ::1", E, false), row("t.ip != ::1", E, true),
                row("t.ip = 10.1.2.3", EMPTY, false), row("t.ip != 10.1.2.3", EMPTY, false),
                row("t.net = 192.168.0.0/16", E, true), row("t.net = 192.168.2.0/24", E, false),
                row("t.net != 192.168.2.0/24", E, true), row("t.net in (10.0.0.0/8, 192.168.1.0/24)", E, true),
                row("t.net = ::/0", E, false), row("t.net != ::/0", E, true), row("t.net = 0.0.0.0/0", E, true),
                row("t.net = 10.0.0.0/8", EMPTY, false), row("t.net != 10.0.0.0/8", EMPTY, false),
                // ancestors: any ancestor satisfies, for every operator
                row("t.anc = bash", E, true), row("t.anc != bash", E, true), row("t.anc = zsh", E, false),
                row("t.anc in (zsh, init)", E, true), row("t.anc startswith ss", E, true),
                row("t.anc glob 'b*'", E, true), row("t.anc contains zz", E, false),
                row("t.anc != bash", ev("t.anc", List.of("bash")), false),
                row("t.anc = bash", EMPTY, false), row("t.anc != bash", EMPTY, false),
                row("t.apid = 1", E, true), row("t.apid > 5", E, true), row("t.apid != 1", ev("t.apid", List.of(1L)), false),
                row("t.apid = 1", EMPTY, false),
                // list fields: in = every element in the set, intersects = some
                row("t.list in (ipv4, file, unix)", E, true), row("t.list in (ipv4)", E, false),
                row("t.list intersects (ipv4)", E, true), row("t.list intersects (unix)", E, false),
                row("t.list in (ipv4)", EMPTY, false), row("t.list intersects (ipv4)", EMPTY, false),
                row("t.lnum in (3, 5, 7)", E, true), row("t.lnum in (3)", E, false), row("t.lnum intersects (5)", E, true),
                row("len(t.list) = 2", E, true), row("len(t.lnum) > 2", E, false),
                // either-endpoint fields
                row("t.eip = 8.8.8.8", E, true), row("t.eip = 10.0.0.1", E, true), row("t.eip = 1.1.1.1", E, false),
                row("t.eip != 8.8.8.8", E, false), row("t.eip != 1.1.1.1", E, true),
                row("t.eip in (1.1.1.1, 8.8.8.8)", E, true), row("t.eip != ::1", E, true), row("t.eip = ::1", E, false),
                row("t.eip = 8.8.8.8", EMPTY, false), row("t.eip != 8.8.8.8", EMPTY, false),
                row("t.enet = 10.0.0.0/8", E, true), row("t.enet != 10.0.0.0/8", E, false),
                row("t.enet != 172.16.0.0/12", E, true), row("t.enet = 10.0.0.0/8", EMPTY, false),
                row("t.eport = 443", E, true), row("t.eport != 443", E, false), row("t.eport != 22", E, true),
                row("t.eport in (22, 40000)", E, true), row("t.eport = 443", EMPTY, false),
                row("t.eproto = tcp", E, true), row("t.eproto != tcp", E, false), row("t.eproto != udp", E, true),
                // transformers and val()
                row("tolower(t.str) = /usr/bin/bash", E, true), row("toupper(t.str) = /USR/BIN/BASH", E, true),
                row("basename(t.str) = Bash", E, true), row("len(t.str) = 13", E, true),
                row("basename(t.str) = Bash", ev("t.str", "/"), false), row("basename(t.str) = ''", ev("t.str", "/x/"), true),
                row("b64(t.str) = hello", ev("t.str", "aGVsbG8="), true), row("b64(t.str) exists", ev("t.str", "*not b64*"), false),
                row("b64(t.str) != hello", ev("t.str", "*not b64*"), false),
                row("t.str = val(t.str2)", E, true), row("t.str != val(t.str2)", E, false),
                row("t.str = val(t.str2)", ev("t.str", "a"), false), row("t.str != val(t.str2)", ev("t.str", "a"), false),
                row("t.str = toupper(t.str2)", ev("t.str", "AB", "t.str2", "ab"), true),
                row("t.i64 < val(t.i64b)", E, true), row("t.i64 = val(t.i64b)", ev("t.i64", 3L), false),
                row("len(t.str) > val(t.i64b)", E, true),
                // modifiers
                row("t.str startswith anyof (/etc, /usr)", E, true), row("t.str startswith allof (/etc, /usr)", E, false),
                row("t.str contains oneof (usr, bin)", E, false), row("t.str contains oneof (usr, xyz)", E, true),
                row("t.str = anyof ()", E, false),
                row("t.bool = oneof (true, false)", E, true), row("t.bool != allof (false)", E, true),
                row("t.bool = allof (true, false)", E, false), row("t.bool = anyof (false)", EMPTY, false),
                row("t.dbl = oneof (1, 2)", E, true), row("t.dbl != allof (1, 3)", E, true),
                row("t.dbl = oneof (2, 2)", E, false), row("t.dbl != anyof (2)", EMPTY, false),
                // boolean structure
                row("t.str = x or t.i64 = -1", E, true), row("t.str = x and t.i64 = -1", E, false),
                row("not (t.str = x or t.i64 = 0)", E, true), row("not not t.str exists", E, true));
    }

    private static Arguments row(String condition, Map<String, Object> values, boolean expected) {
        return Arguments.of(condition, values, expected);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void operatorSemantics(String condition, Map<String, Object> values, boolean expected) throws Exception {
        assertThat(TestRules.eval(condition, values)).isEqualTo(expected);
        assertThat(new ReferenceEvaluator().eval(ConditionParser.parse(condition),
                values)).as("reference evaluator").isEqualTo(expected);
    }

    /** The grammar wants numbers after {@code <}; string order is reachable through the AST. */
    @Test
    void orderOperatorsOnStringsCompareLikeStrcmp() throws Exception {
        assertThat(order(Operator.LT, "/v", E)).isTrue();
        assertThat(order(Operator.GT, "/v", E)).isFalse();
        assertThat(order(Operator.GE, "/usr/bin/Bash", E)).isTrue();
        assertThat(order(Operator.LE, "/usr", E)).isFalse();
        assertThat(order(Operator.LT, "x", EMPTY)).isFalse();
        assertThat(order(Operator.GT, "", EMPTY)).isFalse();
    }

    private static boolean order(Operator op, String literal, Map<String, Object> values) throws Exception {
        Expr e = new Expr.Comparison(new Operand.Field("t.str", null, Position.NONE), op, null,
                new Value.Literal(literal, Position.NONE), Position.NONE);
        CompiledRuleset rs = TestFields.compiler().compile(List.of(TestRules.rule("r", e, "", 0)));
        boolean compiled = rs.newEvaluator().matches(rs.rules().get(0), new MapEvent(values));
        assertThat(new ReferenceEvaluator().eval(e, values)).isEqualTo(compiled);
        return compiled;
    }

    static Stream<Arguments> badLiterals() {
        return Stream.of(
                Arguments.of("t.u8 = 1.0", "not a decimal integer"), Arguments.of("t.i64 = 0x10", "not a decimal"),
                Arguments.of("t.bool = TRUE", "true or false"), Arguments.of("t.ip = 10.0.0.0/8", "network"),
                Arguments.of("t.net = 10.0.0.1", "address/length"), Arguments.of("t.i64 contains 1", "does not apply"),
                Arguments.of("t.str bcontains 61", "bytebuf"), Arguments.of("t.buf bcontains 6", "hex"),
                Arguments.of("t.str regex '('", "regular expression"), Arguments.of("t.list = a", "in"),
                Arguments.of("t.anc = val(t.str)", "val()"), Arguments.of("t.str = val(t.i64)", "different types"),
                Arguments.of("nope.field = 1", "unknown field"), Arguments.of("t.port = gopher-ish", "service"),
                Arguments.of("tolower(t.i64) = 1", "string"), Arguments.of("t.str in my_list", "not a defined list"),
                Arguments.of("some_macro", "not expanded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLiterals")
    void compileProblemsAreSentences(String condition, String fragment) {
        assertThatThrownBy(() -> TestRules.eval(condition, Map.of()))
                .isInstanceOf(RuleCompileException.class)
                .hasMessageContaining(fragment)
                .hasMessageContaining("test.yaml:1:1")
                .hasMessageContaining("Rule 'r'");
    }
}
