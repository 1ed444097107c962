package dev.kestrel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.Priority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Java rule-test API and its AssertJ assertions, over a small ruleset of our own. */
class RuleTestTest {

    static final String RULES = """
            - macro: spawned_process
              condition: (evt.type in (execve, execveat) and evt.dir=<)
            - rule: Java Process Spawning Shell
              desc: a shell under java in a container
              condition: spawned_process and proc.pname = java and proc.name in (sh, bash) and container.id != host
              output: java spawned a shell (parent=%proc.pname cmd=%proc.cmdline pod=%k8s.pod.name)
              priority: CRITICAL
            - rule: Shadow read
              desc: a read of /etc/shadow
              condition: evt.type = openat and fd.name = /etc/shadow
              output: shadow read (file=%fd.name)
              priority: WARNING
            """;

    static final RuleTest KIT = RuleTest.withRulesText("rules.yaml", RULES);

    @AfterAll
    static void close() {
        KIT.close();
    }

    static RuleTest.Given was() {
        return KIT.given(w -> w
                .container(Container.of("b71c0f4e9a12", "registry.example.com/blog/was:2.3.1")
                        .inPod("was-5f8c7d9b44-q7m2z", "blog-system"))
                .process(RunningProcess.of("was", "/opt/java/openjdk/bin/java", "-jar", "/app/blog-was.jar")
                        .withUser("spring").in("b71c0f4e9a12")));
    }

    @Test
    void aShellUnderJavaFiresWithThePodsFields() {
        RuleTestResult r = was().when(a -> a.add(Action.spawn("was", "/bin/sh", "-c", "id").withId("shell"))
                .open("shell", "/etc/shadow"));
        assertThat(r).fired("Java Process Spawning Shell")
                .withField("k8s.pod.name", "was-5f8c7d9b44-q7m2z")
                .withField("proc.name", "sh")
                .withPriority(Priority.CRITICAL).times(1)
                .and().firedOnly("Java Process Spawning Shell", "Shadow read");
        assertThat(r.rulesFired()).containsExactly("Java Process Spawning Shell", "Shadow read");
        assertThat(r.alerts().get(1).outputFields()).containsEntry("user.name", "spring");
    }

    @Test
    void javaRunningAnotherProgramFiresNothing() {
        assertThat(was().when(a -> a.spawn("was", "/usr/bin/id"))).firedNothing().didNotFire("Shadow read");
    }

    @Test
    void eachRunStartsFromAFreshState() {
        was().when(a -> a.spawn("was", "/bin/sh"));
        RuleTestResult onHost = KIT.given(w -> w.process(RunningProcess.of("was", "/usr/bin/java").withPid(2000)))
                .when(a -> a.spawn("was", "/bin/sh"));
        assertThat(onHost).firedNothing();
    }

    @Test
    void aFailedAssertionPrintsTheTestAsYaml() {
        RuleTestResult r = was().when(a -> a.spawn("was", "/bin/bash"));
        assertThatThrownBy(() -> assertThat(r).fired("Java Process Spawning Shell").withField("k8s.pod.name", "web-1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("field k8s.pod.name was \"was-5f8c7d9b44-q7m2z\", expected \"web-1\"")
                .hasMessageContaining("- name: \"a failing test\"")
                .hasMessageContaining("- {as: \"was\", spawn: \"/bin/bash\"}");
        assertThatThrownBy(() -> assertThat(r).firedNothing())
                .hasMessageContaining("expected no alert, got rule Java Process Spawning Shell");
        assertThatThrownBy(() -> assertThat(r).fired("Shadow read"))
                .hasMessageContaining("expected rule Shadow read to fire, got rule Java Process Spawning Shell");
    }

    @Test
    void anUndefinedProcessIsAnErrorNamingIt() {
        assertThatThrownBy(() -> was().when(a -> a.open("nobody", "/etc/shadow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("when[0].as: no process 'nobody' in this test (processes: was)");
    }

    @Test
    void theEventsAreTheJsonLinesOfTheStream() {
        RuleTestResult r = was().when(a -> a.spawn("was", "/bin/sh", "-c", "id").connect("was", "203.0.113.7:4444"));
        assertThat(r.eventLines()).anySatisfy(l -> assertThat(l).contains("\"type\":\"clone\""))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"execve\"", "\"filename\":\"/bin/sh\""))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"connect\"", "->203.0.113.7:4444"))
                .anySatisfy(l -> assertThat(l).contains("\"pod\":{", "\"name\":\"was-5f8c7d9b44-q7m2z\""));
        assertThat(r.skippedEvents()).isEmpty();
    }
}
