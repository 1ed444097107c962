package dev.kestrel.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadResult;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Falco's rule-loader cases for exceptions in the newer language (unit_tests/engine/test_rule_loader.cpp:
 * exceptions_fields_transformer*, exceptions_values_rhs_*, exceptions_modifier_op_*), restated as data:
 * the exception block, an event's field values, and the expected outcome of the rule ("true", "false" or
 * an error code), plus the warning Falco gives, if any.
 */
class ExceptionConformanceTest {

    private static final String RULE = """
            - rule: test_rule
              desc: test rule
              condition: evt.type = open
              output: command=%proc.cmdline
              priority: INFO
              exceptions:
            """;

    static Stream<Arguments> cases() {
        Map<String, Object> test = Map.of("evt.type", "open", "proc.name", "TEST", "proc.pname", "x");
        Map<String, Object> other = Map.of("evt.type", "open", "proc.name", "other", "proc.pname", "x");
        Map<String, Object> sudo = Map.of("evt.type", "open", "proc.name", "sudo-rs", "fd.name", "/etc/x");
        Map<String, Object> samePname = Map.of("evt.type", "open", "proc.name", "BASH", "proc.pname", "bash");
        return Stream.of(
                c("fields: [tolower(proc.name)]\n  comps: [=]\n  values:\n    - [test]", test, "false", null),
                c("fields: [tolower(proc.name)]\n  comps: [=]\n  values:\n    - [test]", other, "true", null),
                c("fields: [\"tolower(proc.name)\"]\n  comps: [=]\n  values:\n    - [test]", test, "false", null),
                c("fields: [\"tolower( proc.name)\"]\n  comps: [=]\n  values:\n    - [test]", test, "false", null),
                c("fields: [tolower(proc.nmae)]\n  comps: [=]\n  values:\n    - [test]", test, "LOAD_ERR_VALIDATE", null),
                c("fields: [proc.name]\n  comps: [=]\n  values:\n    - [toupper(proc.pname)]", samePname, "false", null),
                c("fields: [proc.name]\n  comps: [=]\n  values:\n    - [proc.pname]", test, "true",
                        "'proc.pname' may be a valid field misused as a const string value"),
                c("fields: [proc.name]\n  comps: [=]\n  values:\n    - [\"proc.pname \"]", test, "true",
                        "'proc.pname ' may be a valid field misused as a const string value"),
                c("fields: [proc.name]\n  comps: [=]\n  values:\n    - [toupper( proc.pname)]", samePname, "true",
                        "'toupper( proc.pname)' may be a valid field transformer misused as a const string value"),
                c("fields: [proc.name]\n  comps: [startswith oneof]\n  values:\n    - [[sshd, sudo, systemd]]", sudo,
                        "false", null),
                c("fields: [proc.name]\n  comps: [contains allof]\n  values:\n    - [[sudo, rs]]", sudo, "false", null),
                c("fields: [proc.name]\n  comps: [contains allof]\n  values:\n    - [[sudo, zz]]", sudo, "true", null),
                c("fields: [proc.name, fd.name]\n  comps: [startswith oneof, startswith]\n  values:\n"
                        + "    - [[sshd, sudo], /etc/]", sudo, "false", null),
                c("fields: [proc.name, fd.name]\n  comps: [endswith anyof, glob oneof]\n  values:\n"
                        + "    - [[-rs, -py], [\"/etc/*\", \"/tmp/*\"]]", sudo, "false", null),
                c("fields: proc.name\n  comps: startswith oneof\n  values: [sshd, sudo]", sudo, "false", null),
                c("fields: [proc.name]\n  comps: [frobulate oneof]\n  values:\n    - [[a]]", sudo, "LOAD_ERR_VALIDATE", null),
                c("fields: proc.name\n  comps: frobulate oneof\n  values: [a]", sudo, "LOAD_ERR_VALIDATE", null),
                c("fields: [proc.name]\n  comps: [in oneof]\n  values:\n    - [[a]]", sudo, "LOAD_ERR_VALIDATE", null),
                c("fields: [proc.name]\n  comps: [\">= oneof\"]\n  values:\n    - [[a]]", sudo, "LOAD_ERR_VALIDATE", null));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void exceptionsLoadAndMatchAsInFalco(String exception, Map<String, Object> fields, String expected, String warning) {
        String yaml = RULE + "    - name: ex\n" + indent(exception);
        assertThat(FieldValueRules.outcomeOfFile(yaml, fields)).isEqualTo(expected);
        LoadResult loaded = FieldValueRules.load(yaml);
        if (warning == null) {
            assertThat(loaded.warnings()).isEmpty();
        } else {
            assertThat(loaded.warnings()).extracting(Diagnostic::message).contains(warning);
        }
    }

    private static String indent(String exception) {
        StringBuilder out = new StringBuilder();
        for (String line : ("  " + exception).split("\n")) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    private static Arguments c(String exception, Map<String, Object> fields, String expected, String warning) {
        return Arguments.of(exception, fields, expected, warning);
    }
}
