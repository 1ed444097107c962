package dev.kestrel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.runtime.RuleMatching;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading rule test files: the model, and every error at its file, line and column. */
class RuleTestFileReaderTest {

    private static final Path FILE = Path.of("/tmp/rules-test.yaml");

    private static List<String> errors(String yaml) {
        RuleTestFileException e = catchThrowableOfType(() -> RuleTestFileReader.read(FILE, yaml),
                RuleTestFileException.class);
        assertThat(e).as("expected errors for:\n%s", yaml).isNotNull();
        return e.problems().stream().map(Diagnostic::format).toList();
    }

    @Test
    void aGoodFileBecomesTheModel() throws Exception {
        RuleTestFile f = RuleTestFileReader.read(FILE, """
                rules: [a.yaml, ../b.yaml]
                rule_matching: first
                tests:
                  - name: t
                    given:
                      users: [{name: spring, uid: 1000}]
                      containers: [{id: b71c0f4e9a12, image: "was:1", pod: was-1, namespace: blog, labels: {app: was}}]
                      processes: [{id: was, pid: 4100, exe: /usr/bin/java, args: [-jar, x.jar], user: spring, container: b71c0f4e9a12}]
                    when:
                      - {as: was, spawn: /bin/sh, args: [-c, id], id: shell, tty: true}
                      - {as: shell, write: /usr/bin/x}
                      - {as: "4100", connect: "1.2.3.4:53", proto: udp}
                      - {as: shell, event: {"type": "unlinkat", "ret": 0, "args": {"name": "/tmp/x"}}}
                    expect:
                      - {rule: R, priority: critical, count: 2, output_fields: {proc.name: sh}, output: "cmd=sh"}
                    allow_other_alerts: true
                """);
        assertThat(f.rules()).extracting(RuleTestFile.RulesRef::path)
                .containsExactly(Path.of("/tmp/a.yaml"), Path.of("/b.yaml"));
        assertThat(f.ruleMatching()).isEqualTo(RuleMatching.FIRST);
        RuleTestCase t = f.tests().get(0);
        assertThat(t.world().processes().get(0).pid()).isEqualTo(4100);
        assertThat(t.actions()).hasSize(4);
        assertThat(t.actions().get(0)).isEqualTo(Action.spawn("was", "/bin/sh", "-c", "id").withId("shell").withTty(true));
        assertThat(t.actions().get(1)).isEqualTo(Action.write("shell", "/usr/bin/x"));
        assertThat(t.actions().get(2)).isEqualTo(Action.connect("4100", "1.2.3.4:53").withUdp(true));
        assertThat(t.expect().get(0).count()).isEqualTo(2);
        assertThat(t.expect().get(0).outputFields()).containsEntry("proc.name", "sh");
        assertThat(t.allowOtherAlerts()).isTrue();
        assertThat(t.expectSpots().get(0).line()).isEqualTo(15);
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertThat(errors("tests:\n  - name: x\n    when: [{as: a, spwn: /bin/sh}]\n    expect: []\n"))
                .containsExactly("/tmp/rules-test.yaml:3:20: error: LOAD_ERR_YAML_VALIDATE: unknown action or option "
                        + "'spwn' (did you mean 'spawn'?)");
        assertThat(errors("tests:\n  - name: x\n    when: [{as: nobody, open: /x}]\n    expect: []\n"))
                .containsExactly("/tmp/rules-test.yaml:3:17: error: LOAD_ERR_VALIDATE: no process 'nobody' in this test");
        assertThat(errors("tests:\n  - name: x\n    name: y\n    expect: []\n"))
                .containsExactly("/tmp/rules-test.yaml:3:5: error: LOAD_ERR_YAML_VALIDATE: duplicate key 'name' in a test");
        assertThat(errors("tests:\n  - name: x\n    when: [{as: a\n"))
                .singleElement().asString().startsWith("/tmp/rules-test.yaml:4:1: error: LOAD_ERR_YAML_PARSE: ");
        assertThat(errors("tests:\n  - name: x\n    expect: [{rule: R, output_fields: {proc.nmae: x}}]\n"))
                .containsExactly("/tmp/rules-test.yaml:3:40: error: LOAD_ERR_VALIDATE: unknown field 'proc.nmae' "
                        + "(did you mean proc.name?)");
        assertThat(errors("tests:\n  - name: x\n    given: {processes: [{id: a, exe: /x, parent: b}]}\n    expect: []\n"))
                .containsExactly("/tmp/rules-test.yaml:3:50: error: LOAD_ERR_VALIDATE: no process 'b' is defined before "
                        + "this one (processes: a)".replace(" (processes: a)", ""));
        assertThat(errors("tests:\n  - name: x\n    when: [{event: {\"type\": \"opne\", \"tid\": 1}}]\n    expect: []\n"))
                .containsExactly("/tmp/rules-test.yaml:3:20: error: LOAD_ERR_YAML_VALIDATE: this event cannot be used: "
                        + "unknown event type \"opne\"");
        assertThat(errors("tests:\n  - name: x\n    when: []\n")).singleElement().asString()
                .contains(":2:5: error: LOAD_ERR_YAML_VALIDATE: test 'x' needs 'expect:'");
    }

    @Test
    void everyBrokenTestIsReportedNotOnlyTheFirst() {
        assertThat(errors("""
                tests:
                  - name: a
                    when: [{as: x, open: /x}]
                    expect: []
                  - name: b
                    when: [{as: y, exec: /bin/sh}]
                    expect: []
                """)).hasSize(2).allSatisfy(e -> assertThat(e).contains("LOAD_ERR_VALIDATE"));
    }
}
