package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfCheckProcessesTest {

    private static final SyscallProbe CHDIR = SyscallProbes.BY_SYSCALL.get("chdir");
    private static final long JVM_THREAD = 900;

    private static SensorRecord.Clone child(long ts, long pid, long parent) {
        return new SensorRecord.Clone("clone", ts, pid, pid, 0, 0x11, parent);
    }

    private static SensorRecord.Exec exec(long ts, long pid) {
        return new SensorRecord.Exec(ts, pid, pid, 1, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "sh", "/bin/sh",
                List.of("sh", "-c", "cd / && cat /dev/null", "kestrel-ebpf-ready-1-0"), false, false, false);
    }

    private static SensorRecord.Call chdir(long ts, long pid) {
        return new SensorRecord.Call(CHDIR, ts, pid, pid, 0, new long[0], new String[] {"/"}, 0);
    }

    private static SensorRecord.Exit exit(long ts, long pid) {
        return new SensorRecord.Exit(ts, pid, pid, 0, 1);
    }

    @Test
    void withoutCheckProcessesNothingIsHidden() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        assertThat(own.hides(exec(10, 42))).isFalse();
        assertThat(own.hides(new SensorRecord.Accounts(List.of(), List.of(), null))).isFalse();
        assertThat(own.hidden()).isZero();
    }

    @Test
    void everyRecordOfACheckProcessIsHiddenAndCounted() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        assertThat(own.hides(child(10, 42, JVM_THREAD))).isTrue();
        assertThat(own.hides(exec(20, 42))).isTrue();
        assertThat(own.hides(chdir(30, 42))).isTrue();
        assertThat(own.hides(chdir(31, 43))).as("another process").isFalse();
        assertThat(own.hides(exit(40, 42))).isTrue();
        assertThat(own.hidden()).isEqualTo(4);
    }

    @Test
    void theChildrenOfACheckProcessAreHiddenToo() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        assertThat(own.hides(child(10, 43, 42))).isTrue();
        assertThat(own.hides(exec(11, 43))).isTrue();
        assertThat(own.hides(child(12, 44, 43))).as("a grandchild").isTrue();
        assertThat(own.hides(child(13, 45, 7))).as("another process's child").isFalse();
        assertThat(own.hides(exec(14, 45))).isFalse();
    }

    @Test
    void anIdReusedAfterTheProcessExitedIsNotHidden() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        own.hides(exec(10, 42));
        assertThat(own.hides(exit(20, 42))).isTrue();
        assertThat(own.hides(exec(30, 42))).as("a new process with the same id").isFalse();
    }

    @Test
    void aRecordLaterThanTheChecksEndIsAnotherProcessEvenWhenTheExitWasNotSeen() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        own.hides(child(10, 43, 42));
        own.ended(42, 100);
        assertThat(own.hides(chdir(90, 43))).as("before the end").isTrue();
        assertThat(own.hides(exec(101, 42))).isFalse();
        assertThat(own.hides(exec(102, 43))).as("the child ended with the check").isFalse();
        assertThat(own.hidden()).isEqualTo(2);
    }

    @Test
    void aThreadsExitDoesNotFreeItsProcess() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        assertThat(own.hides(new SensorRecord.Exit(10, 50, 42, 0, 1))).isTrue();
        assertThat(own.hides(chdir(20, 42))).isTrue();
    }

    @Test
    void aSnapshotOfACheckProcessIsHidden() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        ProcEntry p = new ProcEntry(42, 1, "sh", "/bin/sh", List.of("sh"), "/", 0, 0, 0, ProcStatus.ofIds(0, 0), -1, List.of(), null, 0,
                List.of(42L), false, false);
        assertThat(own.hides(new SensorRecord.Snapshot(p))).isTrue();
    }

    @Test
    void aRecordThatGoesOutLateIsHiddenWhenItsTimeIsBeforeTheEnd() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        assertThat(own.hides(exit(50, 42))).isTrue();
        assertThat(own.hides(exec(20, 42))).as("an exec seen in part, sent after the exit").isTrue();
        assertThat(own.hides(exec(60, 42))).as("the id reused").isFalse();
    }

    @Test
    void anEndedChecksIdsAreForgottenOnceRecordsArePastTheGracePeriod() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        own.ended(42, 100);
        assertThat(own.hides(exec(1_101, 7))).isFalse();
        assertThat(own.hides(exec(90, 42))).as("too late to tell: delivered, not lost").isFalse();
        assertThat(own.hidden()).isZero();
    }

    @Test
    void aRunningCheckIsNeverForgotten() {
        SelfCheckProcesses own = new SelfCheckProcesses(1_000);
        own.started(42);
        assertThat(own.hides(exec(1_000_000, 7))).isFalse();
        assertThat(own.hides(chdir(1_000_001, 42))).isTrue();
    }
}
