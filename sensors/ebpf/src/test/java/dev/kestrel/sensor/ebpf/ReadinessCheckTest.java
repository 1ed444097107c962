package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

    private static final String MARKER = "kestrel-ebpf-ready-1f-0";
    /** Not a sensor's prefix: the live sensor running in this JVM does not mistake these markers for its own. */
    private static final String UNIT_PREFIX = "kestrel-unit-ready-";
    private static final SyscallProbe CHDIR = SyscallProbes.BY_SYSCALL.get("chdir");

    private static SensorRecord.Exec exec(long pid, List<String> argv, boolean argsCut) {
        return exec(1_000, pid, argv, argsCut);
    }

    private static SensorRecord.Exec exec(long ts, long pid, List<String> argv) {
        return exec(ts, pid, argv, false);
    }

    private static SensorRecord.Exec exec(long ts, long pid, List<String> argv, boolean argsCut) {
        return new SensorRecord.Exec(ts, pid, pid, 1, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "sh", "/bin/sh", argv, argsCut, false, false);
    }

    private static SensorRecord.Call chdir(long pid) {
        return chdir(2_000, pid);
    }

    private static SensorRecord.Call chdir(long ts, long pid) {
        return new SensorRecord.Call(CHDIR, ts, pid, pid, 0, new long[0], new String[] {"/"}, 0);
    }

    @Test
    void passesOnTheMarkersCompleteExecFollowedByItsCall() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(42, List.of("sh", "-c", "cd / && cat /dev/null", MARKER), false))).isTrue();
        assertThat(check.passed()).isFalse();
        assertThat(check.note(chdir(42))).isFalse();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void anotherProcessOrACutArgumentListIsNotTheMarker() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(43, List.of("sh", MARKER), false))).isFalse();
        assertThat(check.note(exec(42, List.of("sh", MARKER), true))).isFalse();
        assertThat(check.note(exec(42, List.of("sh", "another"), false))).isFalse();
        assertThat(check.note(chdir(42))).isFalse();
        assertThat(check.passed()).isFalse();
    }

    @Test
    void aCallTimedBeforeTheExecOrFromAnotherProcessDoesNotPass() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        check.note(chdir(500, 42));
        check.note(exec(42, List.of("sh", MARKER), false));
        check.note(chdir(7));
        check.note(chdir(900, 42));
        assertThat(check.passed()).isFalse();
    }

    @Test
    void aCallTimedAfterTheExecPassesEvenWhenItArrivesBeforeTheExecsQueuedHeader() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        assertThat(check.note(chdir(2_000, 42))).isFalse();
        assertThat(check.passed()).isFalse();
        assertThat(check.note(exec(1_000, 42, List.of("sh", MARKER)))).isTrue();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void withoutTracedCallsTheExecAlonePasses() {
        ReadinessCheck check = new ReadinessCheck(false, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(42, List.of("sh", MARKER), false))).isTrue();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void aNewAttemptForgetsTheLastOnesExec() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        check.expect(MARKER, 42);
        check.note(exec(42, List.of("sh", MARKER), false));
        check.expect("kestrel-ebpf-ready-20-1", 50);
        check.note(chdir(42));
        check.note(chdir(50));
        assertThat(check.passed()).isFalse();
    }

    @Test
    void nothingIsTheMarkerBeforeAnAttempt() {
        ReadinessCheck check = new ReadinessCheck(true, new SelfCheckProcesses(1_000), UNIT_PREFIX);
        assertThat(check.note(exec(-1, List.of("sh"), false))).isFalse();
        assertThat(check.passed()).isFalse();
    }

    @Test
    void anAttemptsMarkerProcessIsHiddenFromTheRulesUntilItEnded() throws Exception {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        ReadinessCheck check = new ReadinessCheck(true, own, UNIT_PREFIX);
        long before = System.nanoTime();
        assertThat(check.attempt(0)).as("no sensor delivers its records here").isFalse();
        long after = System.nanoTime();
        long pid = check.markerPid();
        assertThat(pid).isPositive();
        assertThat(own.hides(exec(before, pid, List.of("sh")))).isTrue();
        assertThat(own.hides(chdir(before + 1, pid))).isTrue();
        assertThat(own.hides(chdir(after + 1, pid))).as("after it ended, the id is another process's").isFalse();
    }
}
