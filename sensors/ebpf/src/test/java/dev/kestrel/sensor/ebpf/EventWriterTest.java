package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sensor records written as events and evaluated by rules: what a rule and an alert see of them. */
class EventWriterTest {

    private static final String RULES = """
            - rule: Failed exec
              desc: an exec that failed
              condition: evt.type in (execve, execveat) and evt.failed = true
              output: failed type=%evt.type res=%evt.res rawres=%evt.rawres file=%evt.arg.filename proc=%proc.name cmd=%proc.cmdline
              priority: WARNING
            - rule: Exec
              desc: an exec that worked
              condition: evt.type in (execve, execveat) and evt.failed = false
              output: exec type=%evt.type proc=%proc.name cmd=%proc.cmdline truncated=%evt.is_truncated
              priority: NOTICE
            - rule: Accepted
              desc: a connection accepted with accept4
              condition: evt.type = accept4
              output: accepted fd=%evt.rawarg.fd flags=%evt.rawarg.flags
              priority: INFO
            - rule: Cut
              desc: an event with an argument cut at the sensor's limit
              condition: evt.is_truncated = true
              output: cut type=%evt.type args=%evt.args
              priority: INFO
            """;

    @TempDir
    Path proc;

    private final CollectingSink sink = new CollectingSink("test");
    private List<Alert> alerts = List.of();

    private List<Alert> evaluate(SensorRecord... records) {
        try (Kestrel kestrel = Kestrel.builder().rulesText("test.yaml", RULES)
                .ruleMatching(RuleMatching.ALL).sink(sink).build()) {
            EventWriter writer = new EventWriter(0, new CgroupNames(10, 1 << 20), "", null, proc);
            for (SensorRecord r : records) {
                writer.write(r, kestrel::process);
            }
        }
        alerts = sink.alerts();
        return alerts;
    }

    /** The alert's text after its time and priority. */
    private static String text(Alert a) {
        String o = a.output();
        return o.substring(o.indexOf(' ', o.indexOf(": ") + 2) + 1);
    }

    private static SensorRecord.Exec exec(long ts, long pid, String file, List<String> argv, boolean argsCut, boolean at) {
        return new SensorRecord.Exec(ts, pid, pid, 1, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, argv.get(0), file, argv, argsCut, false, at);
    }

    @Test
    void aFailedExecIsReportedWithItsErrorAndTheProcessKeepsItsProgram() {
        evaluate(exec(1_000, 40, "/bin/sh", List.of("sh", "-c", "apt-get update"), false, false),
                new SensorRecord.FailedExec(2_000, 40, 40, -2, false, -100, "/usr/local/bin/apt-get", false),
                new SensorRecord.FailedExec(3_000, 40, 40, -13, true, 3, "tool", false));
        assertThat(alerts).extracting(EventWriterTest::text).containsExactly(
                "exec type=execve proc=sh cmd=sh -c apt-get update truncated=false",
                "failed type=execve res=ENOENT rawres=-2 file=/usr/local/bin/apt-get proc=sh cmd=sh -c apt-get update",
                "failed type=execveat res=EACCES rawres=-13 file=tool proc=sh cmd=sh -c apt-get update");
    }

    @Test
    void aSuccessfulExecveatIsReportedAsAnExecveAsFalcoDoes() {
        evaluate(exec(1_000, 41, "/dev/fd/3", List.of("true"), false, true));
        assertThat(alerts).extracting(EventWriterTest::text).containsExactly("exec type=execve proc=true cmd=true truncated=false");
    }

    @Test
    void anAccept4WhoseFdClosesAtAnExecCarriesSockCloexecInItsFlags() {
        evaluate(new SensorRecord.Net("accept4", 1_000, 43, 43, 6, 6, true, 2, "10.0.0.1", 4444, "10.0.0.2", 44140, null),
                new SensorRecord.Net("accept4", 2_000, 43, 43, 7, 7, false, 2, "10.0.0.1", 4444, "10.0.0.2", 44141, null));
        assertThat(alerts).extracting(EventWriterTest::text).containsExactly("accepted fd=6 flags=524288", "accepted fd=7 flags=0");
    }

    @Test
    void argumentsAndPathsCutAtTheLimitAreVisibleToRulesAndOutputs() {
        String longPath = "/tmp/" + "d".repeat(BpftraceScript.STRING_BYTES - 6);
        SyscallProbe openat = SyscallProbes.BY_SYSCALL.get("openat");
        evaluate(exec(1_000, 42, "/bin/echo", List.of("echo", "x".repeat(50)), true, false),
                new SensorRecord.Call(openat, 2_000, 42, 42, -2, new long[] {-100, 0, 0}, new String[] {longPath}, 1));
        assertThat(alerts).extracting(Alert::rule).containsExactly("Exec", "Cut", "Cut");
        assertThat(text(alerts.get(0))).endsWith("truncated=true");
        assertThat(text(alerts.get(1))).startsWith("cut type=execve ").contains("args=" + "x".repeat(50) + "...");
        assertThat(text(alerts.get(2))).startsWith("cut type=openat ").contains("name=" + longPath + "...");
    }
}
