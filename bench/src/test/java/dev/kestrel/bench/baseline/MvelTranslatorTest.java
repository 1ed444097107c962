package dev.kestrel.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.parser.ConditionParser;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MvelTranslatorTest {

    /** The MVEL result, checked against the plain interpreter's. */
    private static boolean eval(String condition, Map<String, Object> values) {
        List<NamedCondition> rules = List.of(new NamedCondition("r", ConditionParser.parse(condition)));
        MvelBaseline baseline = MvelBaseline.compile(rules, MapFields::resolve);
        assertThat(baseline.skipped()).isEmpty();
        MvelRow row = baseline.newRow();
        MapFields.Values event = new MapFields.Values(values);
        row.begin(event);
        boolean mvel = baseline.matches(0, row);
        assertThat(new AstInterpreter(rules, MapFields::resolve).matches(0, event)).as("interpreter on %s", condition).isEqualTo(mvel);
        return mvel;
    }

    private static Map<String, Object> event(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @ParameterizedTest(name = "{0} on proc.name={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "proc.name = bash              | bash        | true",
        "proc.name = bash              | sh          | false",
        "proc.name = bash              | NULL        | false",
        "proc.name != bash             | NULL        | false",
        "proc.name != bash             | sh          | true",
        "not proc.name = bash          | NULL        | true",
        "not proc.name != bash         | NULL        | true",
        "proc.name in (bash, sh)       | sh          | true",
        "proc.name in (bash, sh)       | zsh         | false",
        "proc.name in (bash, sh)       | NULL        | false",
        "proc.name in ()               | sh          | false",
        "proc.name contains as         | bash        | true",
        "proc.name icontains AS        | bash        | true",
        "proc.name startswith ba       | bash        | true",
        "proc.name endswith sh         | bash        | true",
        "proc.name endswith sh         | NULL        | false",
        "proc.name exists              | bash        | true",
        "proc.name exists              | NULL        | false",
        "proc.name glob '/a*c'         | /a/b/c      | true",
        "proc.name glob 'b?sh'         | bash        | true",
        "proc.name glob 'b[!a]sh'      | bash        | false",
        "proc.name regex 'ba.*'        | bash        | true",
        "proc.name regex 'as.*'        | bash        | false",
        "proc.name pmatch (/opt/dir)   | /opt/dir/x  | true",
        "proc.name pmatch (/opt/dir)   | /opt/dir2   | false",
        "proc.name pmatch (/opt/dir)   | /opt/dir    | true",
        "proc.name = 'a \"q\" \\\\ b'  | a \"q\" \\ b | true",
    })
    void stringOperatorsWithFalcosMissingValueRule(String condition, String name, boolean expected) {
        assertThat(eval(condition, event("proc.name", name))).isEqualTo(expected);
    }

    @Test
    void numbersBooleansAndAddresses() {
        assertThat(eval("fd.num < 0", event("fd.num", -1L))).isTrue();
        assertThat(eval("fd.num >= 3", event("fd.num", -1L))).isFalse();
        assertThat(eval("fd.num != 3", event())).isFalse();
        assertThat(eval("fd.lport in (80, 443)", event("fd.lport", 443L))).isTrue();
        assertThat(eval("not fd.lport in (80, 443)", event("fd.lport", 4444L))).isTrue();
        assertThat(eval("container.privileged = true", event("container.privileged", true))).isTrue();
        assertThat(eval("container.privileged = false", event("container.privileged", true))).isFalse();
        assertThat(eval("container.privileged != true", event())).isFalse();
        assertThat(eval("fd.sip in (\"127.0.0.1\", \"::1\")", event("fd.sip", "::1"))).isTrue();
        assertThat(eval("fd.sip = 127.0.0.1", event("fd.sip", "::1"))).isFalse();
        assertThat(eval("fd.snet = \"10.0.0.0/8\"", event("fd.snet", "10.2.3.4"))).isTrue();
        assertThat(eval("fd.snet = \"10.0.0.0/8\"", event("fd.snet", "11.2.3.4"))).isFalse();
    }

    @Test
    void eitherEndpointFields() {
        Map<String, Object> socket = event("fd.cip", "10.0.0.1", "fd.sip", "1.2.3.4");
        assertThat(eval("fd.ip = 1.2.3.4", socket)).isTrue();
        assertThat(eval("fd.ip != 1.2.3.4", socket)).isFalse();
        assertThat(eval("fd.ip != 9.9.9.9", socket)).isTrue();
        assertThat(eval("fd.net = \"10.0.0.0/8\"", socket)).isTrue();
        assertThat(eval("fd.ip = 1.2.3.4", event())).isFalse();
        assertThat(eval("fd.ip != 1.2.3.4", event())).isFalse();
        assertThat(eval("fd.ip exists", socket)).isTrue();
    }

    @Test
    void ancestorAndListFields() {
        Map<String, Object> tree = event("proc.aname", List.of("sh", "java", "systemd"), "proc.aname[2]", "java");
        assertThat(eval("proc.aname = java", tree)).isTrue();
        assertThat(eval("proc.aname in (bash, zsh)", tree)).isFalse();
        assertThat(eval("proc.aname != sh", tree)).isTrue();
        assertThat(eval("proc.aname[2] = java", tree)).isTrue();
        assertThat(eval("proc.aname = java", event())).isFalse();
        Map<String, Object> fds = event("fd.types", Arrays.asList("ipv4", "file"));
        assertThat(eval("fd.types in (ipv4, file, unix)", fds)).isTrue();
        assertThat(eval("fd.types in (ipv4)", fds)).isFalse();
        assertThat(eval("fd.types intersects (ipv4)", fds)).isTrue();
    }

    @Test
    void sharedFieldIsReadOncePerEventAndRefreshedForTheNext() {
        MvelBaseline baseline = MvelBaseline.compile(List.of(
                new NamedCondition("a", ConditionParser.parse("proc.name = bash")),
                new NamedCondition("b", ConditionParser.parse("proc.name startswith ba and fd.num > 2"))),
                MapFields::resolve);
        MvelRow row = baseline.newRow();
        MapFields.Values first = new MapFields.Values(event("proc.name", "bash", "fd.num", 3L));
        MapFields.Values second = new MapFields.Values(event("proc.name", "zsh"));
        assertThat(baseline.evaluateAll(row, first)).isEqualTo(2);
        assertThat(baseline.evaluateAll(row, second)).isZero();
        assertThat(baseline.evaluate(row, first, new int[] {1})).isEqualTo(1);
    }

    @Test
    void untranslatableConditionsAreCountedNotDropped() {
        MvelBaseline baseline = MvelBaseline.compile(List.of(
                new NamedCondition("transformer", ConditionParser.parse("tolower(proc.name) = bash")),
                new NamedCondition("val", ConditionParser.parse("proc.name = val(proc.pname)")),
                new NamedCondition("plain", ConditionParser.parse("proc.name = bash"))),
                MapFields::resolve);
        assertThat(baseline.ruleNames()).containsExactly("plain");
        assertThat(baseline.skipped()).containsOnlyKeys("transformer", "val");
    }
}
