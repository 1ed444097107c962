package dev.kestrel.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libsinsp's own evaluation cases for the newer language, restated as data: each case is a condition,
 * the field values of the event, and the expected outcome ("true", "false" or an error code). Sources:
 * userspace/libsinsp/test/filterchecks/cmp_operator_modifiers.cpp (modifiers, on proc.name = myexe),
 * userspace/libsinsp/test/filter_transformer.ut.cpp (multivalue_transformer_join, _concat, _getopt;
 * fd.name and fd.directory are read here from proc.exe and proc.cwd, which take values as given), and
 * the issue's own cases (signed raw arguments, transformers on evt.type).
 */
class NewerLanguageConformanceTest {

    private static final Map<String, Object> MYEXE = Map.of("proc.name", "myexe");
    private static final Map<String, Object> FILE = Map.of("proc.exe", "/tmp/file_to_run", "proc.cwd", "/tmp",
            "evt.num", 1L);
    private static final Map<String, Object> NONE = Map.of();

    static Stream<Arguments> modifiers() {
        return Stream.of(
                c("proc.name == oneof (myexe, bash)", MYEXE, "true"), c("proc.name == oneof (myexe)", MYEXE, "true"),
                c("proc.name == oneof (bash, sh)", MYEXE, "false"), c("proc.name == oneof (myexe, myexe)", MYEXE, "false"),
                c("proc.name == anyof (myexe, bash)", MYEXE, "true"), c("proc.name == anyof (bash, sh)", MYEXE, "false"),
                c("proc.name == anyof (myexe, myexe)", MYEXE, "true"), c("proc.name == allof (myexe)", MYEXE, "true"),
                c("proc.name == allof (myexe, bash)", MYEXE, "false"), c("proc.name == allof (bash, sh)", MYEXE, "false"),
                c("proc.name == allof (myexe, myexe)", MYEXE, "true"),
                c("proc.name != oneof (myexe, myexe, bash)", MYEXE, "true"),
                c("proc.name != oneof (myexe, myexe)", MYEXE, "false"), c("proc.name != oneof (bash, sh)", MYEXE, "false"),
                c("proc.name != oneof (myexe, bash)", MYEXE, "true"), c("proc.name != anyof (bash, sh)", MYEXE, "true"),
                c("proc.name != anyof (myexe, bash)", MYEXE, "true"), c("proc.name != allof (bash, sh)", MYEXE, "true"),
                c("proc.name != allof (myexe, bash)", MYEXE, "false"),
                c("proc.name contains oneof (myex, bash)", MYEXE, "true"), c("proc.name contains oneof (exe)", MYEXE, "true"),
                c("proc.name contains oneof (bash, sh)", MYEXE, "false"),
                c("proc.name contains oneof (my, exe)", MYEXE, "false"),
                c("proc.name contains anyof (myex, bash)", MYEXE, "true"),
                c("proc.name contains anyof (bash, sh)", MYEXE, "false"),
                c("proc.name contains anyof (my, exe)", MYEXE, "true"), c("proc.name contains allof (my, exe)", MYEXE, "true"),
                c("proc.name contains allof (myex, bash)", MYEXE, "false"),
                c("proc.name contains allof (bash, sh)", MYEXE, "false"),
                c("proc.name icontains oneof (MYEX, BASH)", MYEXE, "true"),
                c("proc.name icontains oneof (BASH, SH)", MYEXE, "false"),
                c("proc.name icontains oneof (MY, EXE)", MYEXE, "false"),
                c("proc.name icontains anyof (MYEX, BASH)", MYEXE, "true"),
                c("proc.name icontains anyof (BASH, SH)", MYEXE, "false"),
                c("proc.name icontains anyof (MY, EXE)", MYEXE, "true"),
                c("proc.name icontains allof (MY, EXE)", MYEXE, "true"),
                c("proc.name icontains allof (MYEX, BASH)", MYEXE, "false"),
                c("proc.name icontains allof (BASH, SH)", MYEXE, "false"),
                c("proc.name startswith oneof (my, bash)", MYEXE, "true"),
                c("proc.name startswith oneof (bash, sh)", MYEXE, "false"),
                c("proc.name startswith oneof (my, mye)", MYEXE, "false"),
                c("proc.name startswith anyof (my, bash)", MYEXE, "true"),
                c("proc.name startswith anyof (bash, sh)", MYEXE, "false"),
                c("proc.name startswith anyof (my, mye)", MYEXE, "true"),
                c("proc.name startswith allof (my, mye)", MYEXE, "true"),
                c("proc.name startswith allof (my, bash)", MYEXE, "false"),
                c("proc.name startswith allof (bash, sh)", MYEXE, "false"),
                c("proc.name endswith oneof (exe, sh)", MYEXE, "true"), c("proc.name endswith oneof (sh, bash)", MYEXE, "false"),
                c("proc.name endswith oneof (exe, yexe)", MYEXE, "false"),
                c("proc.name endswith anyof (exe, sh)", MYEXE, "true"),
                c("proc.name endswith anyof (sh, bash)", MYEXE, "false"),
                c("proc.name endswith anyof (exe, yexe)", MYEXE, "true"),
                c("proc.name endswith allof (exe, yexe)", MYEXE, "true"),
                c("proc.name endswith allof (exe, sh)", MYEXE, "false"),
                c("proc.name endswith allof (sh, bash)", MYEXE, "false"),
                c("proc.name glob oneof (my*, bash)", MYEXE, "true"), c("proc.name glob oneof (bash, sh*)", MYEXE, "false"),
                c("proc.name glob oneof (my*, *exe)", MYEXE, "false"), c("proc.name glob anyof (my*, bash)", MYEXE, "true"),
                c("proc.name glob anyof (bash, sh*)", MYEXE, "false"), c("proc.name glob anyof (my*, *exe)", MYEXE, "true"),
                c("proc.name glob allof (my*, *exe)", MYEXE, "true"), c("proc.name glob allof (bash, sh*)", MYEXE, "false"),
                c("proc.name iglob oneof (MY*, BASH)", MYEXE, "true"), c("proc.name iglob oneof (BASH, SH*)", MYEXE, "false"),
                c("proc.name iglob oneof (MY*, *EXE)", MYEXE, "false"),
                c("proc.name iglob anyof (MY*, BASH)", MYEXE, "true"),
                c("proc.name iglob anyof (BASH, SH*)", MYEXE, "false"),
                c("proc.name iglob anyof (MY*, *EXE)", MYEXE, "true"),
                c("proc.name iglob allof (MY*, *EXE)", MYEXE, "true"),
                c("proc.name iglob allof (BASH, SH*)", MYEXE, "false"),
                c("proc.name regex oneof (my.*, b.*)", MYEXE, "true"), c("proc.name regex oneof (b.*, sh.*)", MYEXE, "false"),
                c("proc.name regex oneof (my.*, .*exe)", MYEXE, "false"),
                c("proc.name regex anyof (my.*, b.*)", MYEXE, "true"),
                c("proc.name regex anyof (b.*, sh.*)", MYEXE, "false"),
                c("proc.name regex anyof (my.*, .*exe)", MYEXE, "true"),
                c("proc.name regex allof (my.*, .*exe)", MYEXE, "true"),
                c("proc.name regex allof (my.*, b.*)", MYEXE, "false"),
                c("proc.name regex allof (b.*, sh.*)", MYEXE, "false"),
                c("toupper(proc.name) == oneof (MYEXE, BASH)", MYEXE, "true"),
                c("toupper(proc.name) == oneof (BASH, SH)", MYEXE, "false"),
                c("toupper(proc.name) != oneof (MYEXE, BASH)", MYEXE, "true"),
                c("toupper(proc.name) != oneof (BASH, SH)", MYEXE, "false"),
                c("toupper(proc.name) != allof (BASH, SH)", MYEXE, "true"),
                c("toupper(proc.name) != allof (MYEXE, BASH)", MYEXE, "false"),
                c("proc.name == oneof (myexe) and proc.name != allof (bash, sh)", MYEXE, "true"),
                c("proc.name == oneof (myexe) and proc.name != allof (myexe, bash)", MYEXE, "false"),
                c("proc.name == anyof (myexe, bash) or proc.name != oneof (myexe)", MYEXE, "true"),
                c("proc.name == oneof ()", MYEXE, "false"), c("proc.name == anyof ()", MYEXE, "false"),
                c("proc.name == allof ()", MYEXE, "false"), c("proc.name != oneof ()", MYEXE, "false"),
                c("proc.name != anyof ()", MYEXE, "false"), c("proc.name != allof ()", MYEXE, "false"),
                // a missing value makes every modified comparison false, as every other comparison
                c("proc.name != allof (bash)", NONE, "false"),
                // numbers and modifiers on an operator that does not take them
                c("proc.pid = oneof (1, 2)", Map.of("proc.pid", 2L), "true"),
                c("proc.pid != allof (1, 2)", Map.of("proc.pid", 2L), "false"),
                c("proc.pid contains oneof (1)", Map.of("proc.pid", 2L), "LOAD_ERR_COMPILE_CONDITION"),
                c("fd.sip startswith oneof (1)", NONE, "LOAD_ERR_COMPILE_CONDITION"));
    }

    static Stream<Arguments> multiValueTransformers() {
        return Stream.of(
                c("join(proc.exe, (proc.exe,proc.cwd)) = /tmp/file_to_run/tmp/file_to_run/tmp", FILE, "true"),
                c("join(\"-\", (proc.exe,proc.cwd)) = /tmp/file_to_run-/tmp", FILE, "true"),
                c("join(\"-\", (\"aaa\",\"bbb\")) = aaa-bbb", FILE, "true"),
                c("join(\"->\", (\"aaa\",\"bbb\")) = aaa->bbb", FILE, "true"),
                c("join(\"->\", (\"aaa\")) = aaa", FILE, "true"),
                c("join(\"->\", (proc.exe, \"aaa\")) = /tmp/file_to_run->aaa", FILE, "true"),
                c("join(\"->\", (proc.exe, \"aaa\", proc.cwd)) = /tmp/file_to_run->aaa->/tmp", FILE, "true"),
                c("join(\"->\", (toupper(proc.exe), \"aaa\")) = /TMP/FILE_TO_RUN->aaa", FILE, "true"),
                c("join(\"-\", (proc.cwd, join(\"->\", ( \"aaa\", toupper(proc.exe))))) = /tmp-aaa->/TMP/FILE_TO_RUN",
                        FILE, "true"),
                c("join(\",\", (\"aaa\",\"bbb\")) = \"aaa,bbb\"", FILE, "true"),
                c("join(\",\", (\"aaa\",\"bbb\")) = \"aaa-bbb\"", FILE, "false"),
                c("join(\",\", (evt.num, evt.num)) = \"1,1\"", FILE, "true"),
                c("join(\",\", ()) = \"\"", FILE, "true"), c("join(\",\", ()) = \",\"", FILE, "false"),
                c("join() = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join(\"-\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join(\"-\", \"a\", \"b\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join(fd.types, (\"a\", \"b\")) = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join((\"a\", \"b\"), (\"a\", \"b\")) = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join((\"a\", \"b\"), \"a\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("join(\"a\", \"b\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("concat(proc.exe, proc.cwd) = /tmp/file_to_run/tmp", FILE, "true"),
                c("concat(\"aaa\", \"bbb\") = aaabbb", FILE, "true"),
                c("concat(\"aaa\", \"bbb\", \"ccc\") = aaabbbccc", FILE, "true"),
                c("concat(toupper(proc.exe), \"aaa\") = /TMP/FILE_TO_RUNaaa", FILE, "true"),
                c("concat(proc.cwd, concat(\"aaa\", toupper(proc.exe))) = /tmpaaa/TMP/FILE_TO_RUN", FILE, "true"),
                c("concat(\"aaa\", \"bbb\") = \"aaa-bbb\"", FILE, "false"),
                c("concat() = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("concat(\"aaa\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("concat(fd.types, \"a\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("concat((\"a\", \"b\"), \"a\") = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("concat(\"a\", (\"a\", \"b\")) = foo", FILE, "LOAD_ERR_COMPILE_CONDITION"),
                c("toupper(join(\"-\", (proc.exe, proc.cwd))) = /TMP/FILE_TO_RUN-/TMP", FILE, "true"),
                c("len(join(\"-\", (proc.exe, proc.cwd))) = 21", FILE, "true"),
                c("len(join(\"-\", (\"aaa\", \"bbb\"))) = 7", FILE, "true"),
                c("b64(join(\"W\", (\"YWFhL\", \"JiYg\"))) = \"aaa-bbb\"", FILE, "true"),
                c("len(concat(proc.exe, proc.cwd)) = 20", FILE, "true"),
                c("b64(concat(\"YWFh\", \"YmJi\")) = \"aaabbb\"", FILE, "true"),
                c("toupper(concat(proc.exe, proc.cwd)) startswith /TMP", FILE, "true"),
                c("join(\"-\", (proc.exe, proc.cwd)) = x", NONE, "false"));
    }

    static Stream<Arguments> getopt() {
        return Stream.of(
                g("getopt((\"-n\",\"\"), \"n\") intersects (\"n\")", "true"),
                g("getopt((\"-t\", \"hello\"), \"t:\") intersects (\"t\", \"hello\")", "true"),
                g("getopt((\"-nt\", \"hello\"), \"nt:\") intersects (\"n\", \"t\", \"hello\")", "true"),
                g("getopt((\"-thello\"), \"t:\") intersects (\"t\", \"hello\")", "true"),
                g("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\") intersects (\"n\", \"t\", \"hello\")", "true"),
                g("getopt((\"-n\"), \"n\") intersects (\"t\")", "false"),
                g("getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"n\")", "true"),
                g("getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"t\")", "false"),
                g("getopt((\"-x\", \"-n\"), \"n\") intersects (\"?\", \"n\")", "true"),
                g("getopt((\"-x\", \"-n\"), \"n\") intersects (\"x\")", "false"),
                g("getopt((\"-lpe\", \"/bin/sh\"), \"lp:e:\") intersects (\"l\",\"p\",\"e\")", "true"),
                g("getopt((\"-lpe\", \"/bin/sh\"), \"lpe:\") intersects (\"/bin/sh\")", "true"),
                g("getopt() intersects (\"n\")", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt((\"a\")) intersects (\"n\")", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt((\"a\"), \"n\", \"extra\") intersects (\"n\")", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt(\"not_a_list\", \"n\") intersects (\"n\")", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt((\"-n\"), (\"n\")) intersects (\"n\")", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt((\"-n\", \"-t\"), \"\") intersects (\"n\")", "false"),
                g("getopt((\"\"), \"n\") intersects (\"n\")", "false"),
                g("getopt((\"arg1\", \"-n\", \"arg2\"), \"n\") intersects (\"n\")", "false"),
                g("getopt((\"-\", \"-n\"), \"n\") intersects (\"n\")", "false"),
                g("getopt((\"-t\"), \"t:\") intersects (\"\")", "true"),
                g("getopt((\"-t\"), \"t:\") intersects (\"?\")", "false"),
                g("getopt((\"-t\"), \"t:\") intersects (\"t\")", "false"),
                g("getopt((\"-t\"), \":t:\") intersects (\"\")", "true"),
                g("getopt((\"-t\"), \":t:\") intersects (\":\")", "false"),
                g("getopt((\"-n\", \"--\", \"--\"), \"n\") intersects (\"n\")", "true"),
                g("getopt((\"--\", \"-n\"), \"n\") intersects (\"n\")", "false"),
                g("getopt((\"-abcvalue\"), \"abc:\") intersects (\"a\", \"b\", \"c\", \"value\")", "true"),
                g("getopt((\"-t\", \"val1\", \"-t\", \"val2\"), \"t:\") intersects (\"t\", \"val1\", \"val2\")", "true"),
                g("getopt((\"regular_file\", \"-f\", \"another_file\"), \"f:\") intersects (\"f\", \"another_file\")",
                        "false"),
                g("getopt((\"\", \"-n\", \"\"), \"n\") intersects (\"n\")", "false"),
                g("getopt((\"-@\", \"-+\"), \"@+\") intersects (\"@\", \"+\")", "true"),
                g("getopt((\"-nx\"), \"n\") intersects (\"n\", \"?\")", "true"),
                g("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[t] = hello", "true"),
                g("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[t] = n", "false"),
                g("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[n] = n", "true"),
                g("getopt((\"-n\"), \"n\")[\"\"] = n", "LOAD_ERR_COMPILE_CONDITION"),
                g("getopt((\"-t\", \"v1\", \"-t\", \"v2\"), \"t:\")[t] = v2", "true"),
                g("getopt((\"-t?\"), \"t:\")[t] = ?", "true"),
                g("getopt((\"-t:\"), \":t:\")[t] = :", "true"),
                g("getopt((\"-t\"), \"t:\")[t] != \"\"", "false"),
                g("getopt((\"-t\"), \"t:\")[t] = \"\"", "true"),
                g("getopt((\"-n\"), \"nt:\")[t] != \"\"", "false"),
                g("getopt((\"-t\", \"v1\", \"-t\"), \"t:\")[t] = v1", "false"),
                g("getopt((\"-t\", \"v1\", \"-t\"), \"t:\")[t] = \"\"", "true"),
                g("getopt((\"--exec\"), \"e:\") intersects (\"?\")", "false"),
                g("getopt((\"--exec\", \"-n\"), \"n\") intersects (\"n\")", "true"),
                g("getopt((\"-n\", \"file\", \"-t\"), \"nt\") intersects (\"t\")", "false"));
    }

    static Stream<Arguments> issueCases() {
        return Stream.of(
                c("evt.rawarg.res < -1", Map.of("evt.rawarg.res", -22L), "true"),
                c("evt.rawarg.res < -1", Map.of("evt.rawarg.res", 3L), "false"),
                c("evt.rawarg.res = bash", Map.of("evt.rawarg.res", 3L), "LOAD_ERR_COMPILE_CONDITION"),
                c("getopt((\"-n\"), \"n\") exists", NONE, "true"),
                c("getopt((proc.name), \"n\") exists", NONE, "false"),
                c("tolower(evt.type) = getcwd", Map.of("evt.type", "getcwd"), "true"),
                c("toupper(syscall.type) = GETCWD", Map.of("syscall.type", "getcwd"), "true"),
                c("join(\"-\", (proc.name, proc.name)) = cat-cat", Map.of("proc.name", "cat"), "true"),
                c("proc.name regex '(a|b)\\\\1'", MYEXE, "LOAD_ERR_COMPILE_CONDITION"),
                c("proc.name regex '[[:alpha:]]+'", MYEXE, "true"),
                c("proc.name regex 'my\\\\w+'", MYEXE, "LOAD_ERR_COMPILE_CONDITION"),
                c("proc.name regex '(?i)MYEXE'", MYEXE, "LOAD_ERR_COMPILE_CONDITION"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource({"modifiers", "multiValueTransformers", "getopt", "issueCases"})
    void kestrelAgreesWithLibsinsp(String condition, Map<String, Object> fields, String expected) {
        assertThat(FieldValueRules.outcome(condition, fields)).isEqualTo(expected);
    }

    private static Arguments c(String condition, Map<String, Object> fields, String expected) {
        return Arguments.of(condition, fields, expected);
    }

    private static Arguments g(String condition, String expected) {
        return Arguments.of(condition, NONE, expected);
    }

    /**
     * A list after a modifier is written in parentheses, as after {@code in}: Falco replaces the name by
     * the bare items, so {@code allof my_list} without them is a syntax error there and here.
     * {@code oneof} can still name a macro.
     */
    @Test
    void listsAfterModifiersAndMacrosNamedLikeModifiers() {
        List<String> items = List.of("- list: my_list\n  items: [cat, nginx]",
                "- macro: oneof\n  condition: proc.name = cat");
        assertThat(FieldValueRules.outcome(items, "proc.name != allof (my_list) and oneof", Map.of("proc.name", "cat")))
                .isEqualTo("false");
        assertThat(FieldValueRules.outcome(items, "proc.name == oneof (my_list) and oneof", Map.of("proc.name", "cat")))
                .isEqualTo("true");
        assertThat(FieldValueRules.outcome(items, "proc.name startswith anyof (my_list)",
                Map.of("proc.name", "nginx-1"))).isEqualTo("true");
        assertThat(FieldValueRules.outcome(items, "proc.name startswith anyof my_list", Map.of("proc.name", "cat")))
                .isEqualTo("LOAD_ERR_COMPILE_CONDITION");
    }
}
