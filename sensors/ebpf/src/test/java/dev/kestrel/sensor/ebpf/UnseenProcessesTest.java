package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.FdScanLimits;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process whose first record comes before anything named it is read from /proc once, before that
 * record; a process named by a /proc read, its fork (either side) or its exec is not; the reads are bounded.
 */
class UnseenProcessesTest {

    private static final String CONTAINER = "3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e";

    @TempDir
    Path proc;

    /** Process {@code pid} in the fake /proc, running {@code exe -c id} (none: a zombie leader's nothing). */
    private void process(long pid, long ppid, String comm, String exe, String cgroup) throws Exception {
        FakeProc.process(proc, pid, ppid, comm, exe, exe.isEmpty() ? List.of() : List.of(exe, "-c", "id"), cgroup);
    }

    private static final String OVER_BOUND = "processes first seen by their own records, their read put off: over "
            + UnseenProcesses.MAX_READS_PER_SECOND + " /proc reads or " + UnseenProcesses.MAX_READ_NANOS_PER_SECOND / 1_000_000
            + " ms of reading in a second (no parent, command nor container until a later record of theirs comes within"
            + " the budget, or they exec)";

    /** The pids a reader was asked for, by {@link #recordingAsks()}'s instances. */
    private final List<Long> asked = new ArrayList<>();

    /** Processes that note each read in {@link #asked} and find every process gone. */
    private UnseenProcesses recordingAsks() {
        return new UnseenProcesses(pid -> {
            asked.add(pid);
            return null;
        });
    }

    private static SensorRecord.Call openAt(long ts, long tid, long pid) {
        return new SensorRecord.Call(SyscallProbes.BY_SYSCALL.get("openat"), ts, tid, pid, 3, new long[] {-100, 0, 0},
                new String[] {"/etc/shadow"}, 0);
    }

    /** Processes 1000 and up, each first seen at {@code from} plus its index: the second's whole budget of reads. */
    private static void readsUpToTheBound(UnseenProcesses unseen, long from) {
        for (int i = 0; i < UnseenProcesses.MAX_READS_PER_SECOND; i++) {
            unseen.before(openAt(from + i, 1000 + i, 1000 + i));
        }
    }

    /** Reads that record their asks, the budget of kernel second 5 used up, then process 7000 first seen (put off). */
    private UnseenProcesses process7000PutOffInSecond5() {
        UnseenProcesses unseen = recordingAsks();
        readsUpToTheBound(unseen, 5_000_000_000L);
        unseen.before(openAt(5_000_000_500L, 7000, 7000));
        return unseen;
    }

    @Test
    void aProcessFirstSeenByItsOwnCallIsReadOnceWithItsParentCommandAndContainer() throws Exception {
        process(200, 100, "sh", "/bin/sh", "/docker/" + CONTAINER);
        UnseenProcesses unseen = UnseenProcesses.fromProc(proc, FdScanLimits.DEFAULTS, 4096);
        SensorRecord.Snapshot read = unseen.before(openAt(1_000, 200, 200));
        assertThat(read).isNotNull();
        assertThat(read.process().ppid()).isEqualTo(100);
        assertThat(read.process().args()).containsExactly("/bin/sh", "-c", "id");
        assertThat(read.process().container().id()).isEqualTo(CONTAINER.substring(0, 12));
        // its next call, and a call of a second thread of it, need no read
        assertThat(unseen.before(openAt(2_000, 200, 200))).isNull();
        assertThat(unseen.before(openAt(3_000, 201, 200))).isNull();
        assertThat(unseen.delivered()).isEqualTo(1);
        assertThat(unseen.skipped()).containsOnlyKeys(
                "processes first seen by their own records, read from /proc then (no record of their fork was seen)");
    }

    @Test
    void aProcessNamedByAReadItsForkOrItsExecIsNotRead() {
        UnseenProcesses unseen = recordingAsks();
        // the bootstrap read 1; 1 forked 10 (its own report) and 11 (the parent's); 12 exec'd
        unseen.before(new SensorRecord.Snapshot(new ProcEntry(1, 0, "init", "/sbin/init", List.of("/sbin/init"), "/", 0, 1, 1,
                ProcStatus.UNKNOWN, -1, List.of(), CgroupContainerId.fromPath("/"), 0, List.of(1L), false, false)));
        unseen.before(new SensorRecord.Clone("clone", 10, 10, 10, 0, 0x11, 1));
        unseen.before(new SensorRecord.Clone("clone", 11, 1, 1, 11, 0x11, 0));
        unseen.before(new SensorRecord.Exec(12, 12, 12, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN,
                "cron", "/usr/sbin/cron", List.of("cron"), false, false, false));
        for (long pid : new long[] {1, 10, 11, 12}) {
            assertThat(unseen.before(openAt(100 + pid, pid, pid))).isNull();
        }
        assertThat(asked).isEmpty();
        // a new thread's reports name no process: its process, never named, is read at the first of them
        unseen.before(new SensorRecord.Clone("clone", 200, 31, 30, 0, SensorRecord.Clone.CLONE_THREAD, 1));
        assertThat(asked).containsExactly(30L);
    }

    @Test
    void anEndedLeaderIsForgottenSoAProcessReusingItsPidIsReadAgain() {
        UnseenProcesses unseen = recordingAsks();
        // the parent's report of the fork: the parent, never named, is read; the child is named
        unseen.before(new SensorRecord.Clone("clone", 10, 1, 1, 40, 0x11, 0));
        assertThat(asked).containsExactly(1L);
        // a thread's exit keeps its process; the leader's forgets it
        unseen.before(new SensorRecord.Exit(20, 41, 40, 0, 0));
        assertThat(unseen.before(openAt(30, 40, 40))).isNull();
        unseen.before(new SensorRecord.Exit(40, 40, 40, 0, 0));
        // the exit of another thread of it reads nothing, nor does a call of a thread that outlived the leader (the
        // engine still has its process; a read now could find what a sibling exec'd since)
        unseen.before(new SensorRecord.Exit(45, 42, 40, 0, 0));
        unseen.before(openAt(46, 43, 40));
        assertThat(asked).containsExactly(1L);
        // a call of thread 40 itself is a new process's leader (whose fork was lost): read
        unseen.before(openAt(50, 40, 40));
        assertThat(asked).containsExactly(1L, 40L);
        assertThat(unseen.skipped()).containsOnlyKeys(
                "processes first seen by their own records, gone from /proc when read (no parent, command nor container until they exec)")
                .containsValue(2L);
    }

    @Test
    void aZombieLeaderIsNotDeliveredAndAGoneProcessIsCounted() throws Exception {
        process(50, 1, "java", "", "/");
        UnseenProcesses unseen = UnseenProcesses.fromProc(proc, FdScanLimits.DEFAULTS, 4096);
        assertThat(unseen.before(openAt(10, 51, 50))).as("no program nor command line left: a zombie leader").isNull();
        assertThat(unseen.before(openAt(20, 60, 60))).as("not in /proc").isNull();
        assertThat(unseen.delivered()).isZero();
        assertThat(unseen.skipped()).hasSize(2).allSatisfy((reason, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void readsAreBoundedPerSecondOfKernelTimeAndCountedPastTheBound() {
        UnseenProcesses unseen = recordingAsks();
        long second = 1_000_000_000L;
        for (int i = 0; i < UnseenProcesses.MAX_READS_PER_SECOND + 5; i++) {
            unseen.before(openAt(5 * second + i, 1000 + i, 1000 + i));
        }
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND);
        // the next second reads again
        unseen.before(openAt(6 * second + 1, 5000, 5000));
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND + 1).last().isEqualTo(5000L);
        assertThat(unseen.skipped()).containsEntry(OVER_BOUND, 5L);
    }

    /** A storm of lost forks does not hide a process for good: its read waits for a record within the budget. */
    @Test
    void aProcessPutOffByTheBoundIsReadAtItsNextRecordWithinTheBudgetAndCountedOnce() {
        long second = 1_000_000_000L;
        UnseenProcesses unseen = process7000PutOffInSecond5();
        unseen.before(openAt(5 * second + 600, 7000, 7000));
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND).doesNotContain(7000L);
        unseen.before(openAt(6 * second, 7000, 7000));
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND + 1).last().isEqualTo(7000L);
        assertThat(unseen.skipped()).containsEntry(OVER_BOUND, 1L);
        // read once: its later records read nothing
        unseen.before(openAt(7 * second, 7000, 7000));
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND + 1);
    }

    /** A process put off and then named (its own fork report, late) is not read; its pid's next process is counted afresh. */
    @Test
    void aProcessPutOffThenNamedByItsForkIsNotReadAndItsPidsNextProcessIsCountedAfresh() {
        long second = 1_000_000_000L;
        UnseenProcesses unseen = process7000PutOffInSecond5();
        unseen.before(new SensorRecord.Exit(5 * second + 600, 7000, 7000, 0, 0));
        unseen.before(openAt(5 * second + 700, 7000, 7000));
        unseen.before(openAt(5 * second + 800, 8000, 8000));
        unseen.before(new SensorRecord.Clone("clone", 5 * second + 900, 8000, 8000, 0, 0x11, 1));  // its own fork report, late
        unseen.before(openAt(6 * second, 8000, 8000));
        assertThat(unseen.skipped()).as("7000's next process put off too; 8000 once").containsEntry(OVER_BOUND, 3L);
        assertThat(asked).as("8000, named by its fork, is not read").hasSize(UnseenProcesses.MAX_READS_PER_SECOND);
    }

    @Test
    void aRecordReleasedEarlyDoesNotMoveTheWindowBack() {
        UnseenProcesses unseen = recordingAsks();
        long second = 1_000_000_000L;
        readsUpToTheBound(unseen, 5 * second);
        unseen.before(openAt(5 * second - 1, 4000, 4000));
        assertThat(asked).hasSize(UnseenProcesses.MAX_READS_PER_SECOND);
        assertThat(unseen.skipped()).containsEntry(OVER_BOUND, 1L);
    }

    /** The read comes a reorder window or more after the record: a process born since holds the pid. */
    @Test
    void aProcessBornAfterTheRecordIsNotDelivered() throws Exception {
        // up 10 s, never suspended; process 300 started 100 ticks (1 s) after boot
        Files.writeString(proc.resolve("uptime"), "10.00 18.50\n");
        process(300, 1, "sh", "/bin/sh", "/");
        UnseenProcesses unseen = UnseenProcesses.fromProc(proc, FdScanLimits.DEFAULTS, 4096);
        assertThat(unseen.before(openAt(500_000_000L, 300, 300))).as("made 0.5 s after boot, before the process began").isNull();
        unseen.before(new SensorRecord.Exit(600_000_000L, 300, 300, 0, 0));
        assertThat(unseen.before(openAt(1_500_000_000L, 300, 300))).as("made 1.5 s after boot").isNotNull();
        assertThat(unseen.skipped()).containsEntry(
                "processes first seen by their own records, their pid taken by a newer process when read (not delivered)", 1L);
    }

    /** One read of 450 ms owes four and a half seconds' budgets: nothing is read in the three seconds after it. */
    @Test
    void aReadLongerThanTheBudgetIsOwedByTheSecondsAfterIt() {
        long[] now = {0};
        UnseenProcesses unseen = new UnseenProcesses(pid -> {
            asked.add(pid);
            now[0] += 4 * UnseenProcesses.MAX_READ_NANOS_PER_SECOND + UnseenProcesses.MAX_READ_NANOS_PER_SECOND / 2;
            return null;
        }, () -> now[0]);
        long second = 1_000_000_000L;
        unseen.before(openAt(5 * second, 1000, 1000));
        for (int s = 6; s <= 8; s++) {
            unseen.before(openAt(s * second, 1000 + s, 1000 + s));
        }
        assertThat(asked).containsExactly(1000L);
        unseen.before(openAt(9 * second, 2000, 2000));
        assertThat(asked).containsExactly(1000L, 2000L);
    }

    @Test
    void readsAreBoundedByTheTimeTheyTakePerSecondOfKernelTime() {
        long[] now = {0};
        long slow = UnseenProcesses.MAX_READ_NANOS_PER_SECOND / 4;
        UnseenProcesses unseen = new UnseenProcesses(pid -> {
            asked.add(pid);
            now[0] += slow;  // a process in a namespace with large socket tables
            return null;
        }, () -> now[0]);
        long second = 1_000_000_000L;
        for (int i = 0; i < 6; i++) {
            unseen.before(openAt(5 * second + i, 1000 + i, 1000 + i));
        }
        assertThat(asked).as("four reads use the second's time").hasSize(4);
        unseen.before(openAt(6 * second + 1, 5000, 5000));
        assertThat(asked).hasSize(5).last().isEqualTo(5000L);
        assertThat(unseen.skipped()).containsEntry(OVER_BOUND, 2L);
    }

    @Test
    void onceTheProbesAreBeingDetachedAProcessFirstSeenIsNotReadButCounted() {
        UnseenProcesses unseen = recordingAsks();
        unseen.detachingFrom(1_000);
        unseen.before(openAt(999, 70, 70));
        unseen.before(openAt(1_000, 71, 71));
        assertThat(asked).containsExactly(70L);
        assertThat(unseen.skipped()).containsEntry("processes first seen by their own records while the probes were being"
                + " detached, not read (their fork may have come after the fork program was detached)", 1L);
    }

    @Test
    void pidsOutsideTheKernelsRangeAndRecordsAboutNoProcessReadNothing() {
        UnseenProcesses unseen = recordingAsks();
        unseen.before(openAt(10, UnseenProcesses.PID_LIMIT, UnseenProcesses.PID_LIMIT));
        unseen.before(new SensorRecord.CgroupGone(20, 7));
        unseen.before(openAt(30, 0, 0));
        assertThat(asked).isEmpty();
    }
}
