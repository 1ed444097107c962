package dev.kestrel.core.condition.parser;

import static dev.kestrel.core.condition.Ast.and;
import static dev.kestrel.core.condition.Ast.cmp;
import static dev.kestrel.core.condition.Ast.exists;
import static dev.kestrel.core.condition.Ast.field;
import static dev.kestrel.core.condition.Ast.list;
import static dev.kestrel.core.condition.Ast.listName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.printer.ConditionPrinter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libsinsp's own parser cases for the newer forms (userspace/libsinsp/test/filter_parser.ut.cpp:
 * parse_str_op_modifier_*, parse_transformer_list_*), restated as data. As there, every accepted
 * condition is also accepted with blanks around it and with every space turned into a line break or a
 * tab.
 */
class LibsinspParserCasesTest {

    static Stream<String> accepted() {
        return Stream.of(
                // comparison modifiers after string operators
                "proc.name == oneof (cat, nginx)", "proc.name == anyof (cat, nginx)", "proc.name == allof (cat, nginx)",
                "proc.name = oneof (cat, nginx)", "proc.name = anyof (cat, nginx)", "proc.name = allof (cat, nginx)",
                "proc.name != oneof (cat, nginx)", "proc.name != anyof (cat, nginx)", "proc.name != allof (cat, nginx)",
                "proc.name == oneof (cat)", "proc.name == oneof ()", "proc.name == oneof (cat, nginx, apache, httpd)",
                "proc.name == oneof ('single-quoted')", "proc.name == oneof (\"double-quoted\")",
                "proc.name == oneof ('cat', \"nginx\", bare)",
                "proc.exepath == oneof (/usr/bin/bash, /bin/sh, /usr/sbin/sshd)",
                "fd.name == oneof (/var/log/auth.log, /etc/passwd)",
                "proc.name == oneof allowed_processes", "proc.name != allof my_list",
                "proc.name == oneof oneof", "proc.name == anyof anyof",
                "evt.arg[0] == oneof (connect, accept)", "proc.aname[2] != oneof (bash, sh)",
                "tolower(proc.name) == oneof (cat, nginx)", "toupper(fd.name) != anyof (/TMP/A, /TMP/B)",
                "b64(proc.cmdline) == allof (\"dGVzdA==\")",
                "proc.name == 'oneof'", "proc.name == \"anyof\"",
                "proc.name == oneof", "proc.name == anyof", "proc.name == allof",
                "proc.name == oneof_something", "proc.name == anyof_extra",
                "proc.name == oneof (cat, nginx) and fd.name exists", "proc.name == oneof (cat, nginx) or fd.name exists",
                "not proc.name == oneof (cat, nginx)", "(proc.name == oneof (cat, nginx))",
                "proc.name == oneof (cat) and proc.name == anyof (nginx, apache)",
                "proc.name == oneof (cat) or proc.name != allof (nginx)",
                "proc.name == anyof and fd.name exists", "proc.name == oneof or fd.name exists",
                "proc.name == allof and fd.name exists", "proc.name == anyof and proc.name == allof",
                "proc.name == oneof and proc.name == anyof (cat)",
                "(proc.name == oneof)", "(proc.name == anyof) and fd.name exists",
                "(proc.name == allof) or (proc.name == oneof)",
                "proc.name contains oneof (cat, nginx)", "proc.name contains anyof (cat, nginx)",
                "proc.name contains allof (cat)", "proc.name startswith oneof (/proc/, /sys/)",
                "proc.name startswith anyof (/proc/, /sys/)", "proc.name endswith allof (.so, .so.1)",
                "proc.name glob oneof (cat*, *dog)", "proc.name glob anyof (cat*, *nginx*)",
                "proc.name iglob allof (cat*)", "proc.name icontains anyof (cat, nginx)",
                "proc.name != oneof (a) and proc.name contains anyof (x, y)",
                // lists given to transformers
                "join(\"-\", (fd.name, fd.directory)) = /tmp/test", "join(\",\", (proc.name, proc.pid)) = \"myproc,123\"",
                "join(\":\", (evt.type, evt.dir)) contains connect", "join('-', (fd.name, fd.directory)) = /tmp/test",
                "join('-->', (fd.name, fd.directory)) = /tmp/test", "join(\"-\", (fd.name)) = /tmp/test",
                "join(\"-\", (fd.name, fd.directory, proc.name, proc.pid)) = test",
                "join(\"-\", (tolower(fd.name), fd.directory)) = /tmp/test",
                "join(\"-\", (toupper(fd.name), b64(fd.directory))) = /tmp/test",
                "join(\"-\", (tolower(toupper(fd.name)), fd.directory)) = /tmp/test",
                "join(\"-\", (\"aaa\", \"bbb\")) = aaa-bbb", "join(\"-\", ('aaa', 'bbb')) = aaa-bbb",
                "join(\"-\", (fd.name, \"literal\")) = /tmp-literal",
                "join(\"-\", (\"prefix\", fd.name, \"suffix\")) = prefix-/tmp-suffix",
                "join(\"-\", (proc.pid, 123)) contains 123", "join(\"-\", (fd.name, fd.directory)) exists",
                "join(\"-\", (fd.name, fd.directory)) != value", "join(\"-\", (fd.name, fd.directory)) glob value*",
                "join(\"-\", (fd.name, fd.directory)) in (a, b, c)",
                "not join(\"-\", (fd.name, fd.directory)) = /tmp", "(join(\"-\", (fd.name, fd.directory)) = /tmp)",
                "evt.type = tolower(join(\"-\", (fd.name, fd.directory)))",
                "toupper(join(\"-\", (fd.name, fd.directory))) = VALUE",
                "len(join(\"-\", (fd.name, fd.directory))) = 10", "len(toupper(join(\"-\", (fd.name, fd.directory)))) = 10",
                "len(join(\"-\", (fd.name, fd.directory))) >= 5",
                "join(\"-\", ( fd.name, fd.directory )) = /tmp", "join( \"-\", (fd.name, fd.directory)) = /tmp",
                "join(\"-\" , (fd.name, fd.directory)) = /tmp", "join(\"-\", ()) = /tmp",
                "getopt(proc.args, \"nt:\")[t] = value", "getopt(proc.args, \"nt:\")[\"t\"] = value",
                "concat(fd.name, fd.directory) = /tmp/file_to_run/tmp");
    }

    static Stream<String> rejected() {
        return Stream.of(
                "proc.name == oneof (cat,)", "proc.name == oneof (cat,,nginx)", "proc.name == oneof (,cat)",
                "proc.name == oneof (cat, nginx", "proc.name ==oneof (cat, nginx)", "proc.name !=anyof (cat, nginx)",
                "proc.name =allof (cat, nginx)", "proc.name ==oneof(cat, nginx)", "proc.name == oneof(cat, nginx)",
                "proc.name == anyof(cat, nginx)", "proc.name == allof(cat)", "proc.name == ONEOF (cat)",
                "proc.name == Anyof (cat)", "proc.name == ALLOF (cat)", "proc.num > oneof (1, 2)",
                "proc.num <= anyof (1, 2)", "proc.name contains oneof(cat, nginx)", "proc.name startswith anyof(cat)",
                "proc.name endswith allof(.so)", "proc.name contains ONEOF (cat)", "proc.name startswith Anyof (cat)",
                "proc.name endswith ALLOF (.so)", "proc.name == oneof_something (cat)",
                "proc.name startswith oneof_something (cat)", "proc.name contains anyof_extra (cat, nginx)",
                "proc.name in oneof (cat)", "proc.name intersects anyof (cat)", "proc.name pmatch allof (cat)",
                "join(\"-\", (fd.name, fd.directory) = /tmp", "join(\"-\", fd.name, fd.directory)) = /tmp",
                "join(\"-\", (,)) = /tmp", "join(\"-\", (,fd.name)) = /tmp", "join(\"-\", (fd.name,)) = /tmp",
                "join(\"-\", (fd.name,,fd.directory)) = /tmp", "join(\"-\", ((fd.name))) = /tmp",
                "join(\"-\", (macro)) = /tmp", "join(\"-\", (barestring)) = /tmp", "join() = foo",
                "getopt(proc.args, \"nt:\")[] = value", "getopt(proc.args, \"nt:\")[\"t\" = value");
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void libsinspAccepts(String condition) {
        for (String variant : variants(condition)) {
            Expr parsed = ConditionParser.parse(variant);
            // what the parser accepts, the printer writes back to the same tree
            assertThat(ConditionParser.parse(ConditionPrinter.print(parsed))).as(variant).isEqualTo(parsed);
        }
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void libsinspRejects(String condition) {
        assertThatThrownBy(() -> ConditionParser.parse(condition)).isInstanceOf(ConditionSyntaxException.class);
    }

    private static String[] variants(String condition) {
        String padded = " " + condition + " ";
        return new String[] {condition, padded, padded.replace(' ', '\n'), padded.replace(' ', '\t')};
    }

    @Test
    void modifierTreesAreLibsinspTrees() {
        assertThat(ConditionParser.parse("proc.name == oneof my_list"))
                .isEqualTo(cmp(field("proc.name"), "==", Modifier.ONEOF, listName("my_list")));
        assertThat(ConditionParser.parse("proc.name == anyof and fd.name exists"))
                .isEqualTo(and(cmp("proc.name", "==", "anyof"), exists(field("fd.name"))));
        assertThat(ConditionParser.parse("proc.name == oneof (cat) and proc.name == anyof"))
                .isEqualTo(and(cmp(field("proc.name"), "==", Modifier.ONEOF, list("cat")),
                        cmp("proc.name", "==", "anyof")));
        assertThat(ConditionParser.parse("proc.name startswith anyof (/etc/, /tmp/)"))
                .isEqualTo(cmp(field("proc.name"), "startswith", Modifier.ANYOF, list("/etc/", "/tmp/")));
    }

    @Test
    void theListAfterAModifierStartsWhereLibsinspSaysItDoes() {
        Expr.Comparison c = (Expr.Comparison) ConditionParser.parse("proc.name == oneof (cat)");
        assertThat(c.right().position().offset()).isEqualTo(19);
        assertThat(c.right().position().column()).isEqualTo(20);
    }
}
