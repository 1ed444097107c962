package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

    private static final String MARKER = "kestrel-ebpf-ready-1f-0";
    private static final SyscallProbe CHDIR = SyscallProbes.BY_SYSCALL.get("chdir");

    private static SensorRecord.Exec exec(long pid, List<String> argv, boolean argsCut) {
        return new SensorRecord.Exec(1_000, pid, pid, 1, 0, 0, 0, -1, 0, 1, "sh", "/bin/sh", argv, argsCut, false, false);
    }

    private static SensorRecord.Call chdir(long pid) {
        return new SensorRecord.Call(CHDIR, 2_000, pid, pid, 0, new long[0], new String[] {"/"}, 0);
    }

    @Test
    void passesOnTheMarkersCompleteExecFollowedByItsCall() {
        ReadinessCheck check = new ReadinessCheck(true);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(42, List.of("sh", "-c", "cd / && cat /dev/null", MARKER), false))).isTrue();
        assertThat(check.passed()).isFalse();
        assertThat(check.note(chdir(42))).isFalse();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void anotherProcessOrACutArgumentListIsNotTheMarker() {
        ReadinessCheck check = new ReadinessCheck(true);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(43, List.of("sh", MARKER), false))).isFalse();
        assertThat(check.note(exec(42, List.of("sh", MARKER), true))).isFalse();
        assertThat(check.note(exec(42, List.of("sh", "another"), false))).isFalse();
        assertThat(check.note(chdir(42))).isFalse();
        assertThat(check.passed()).isFalse();
    }

    @Test
    void aCallBeforeTheExecOrFromAnotherProcessDoesNotPass() {
        ReadinessCheck check = new ReadinessCheck(true);
        check.expect(MARKER, 42);
        check.note(chdir(42));
        check.note(exec(42, List.of("sh", MARKER), false));
        check.note(chdir(7));
        assertThat(check.passed()).isFalse();
    }

    @Test
    void withoutTracedCallsTheExecAlonePasses() {
        ReadinessCheck check = new ReadinessCheck(false);
        check.expect(MARKER, 42);
        assertThat(check.note(exec(42, List.of("sh", MARKER), false))).isTrue();
        assertThat(check.passed()).isTrue();
    }

    @Test
    void aNewAttemptForgetsTheLastOnesExec() {
        ReadinessCheck check = new ReadinessCheck(true);
        check.expect(MARKER, 42);
        check.note(exec(42, List.of("sh", MARKER), false));
        check.expect("kestrel-ebpf-ready-20-1", 50);
        check.note(chdir(42));
        check.note(chdir(50));
        assertThat(check.passed()).isFalse();
    }

    @Test
    void nothingIsTheMarkerBeforeAnAttempt() {
        ReadinessCheck check = new ReadinessCheck(true);
        assertThat(check.note(exec(-1, List.of("sh"), false))).isFalse();
        assertThat(check.passed()).isFalse();
    }
}
