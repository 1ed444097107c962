package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class StraceOutputParserTest {

    @Test
    void recordedExerciseHasEverySupportedCallAndNoGarbage() {
        StraceOutputParser[] p = new StraceOutputParser[1];
        List<StraceRecord> records = StraceSamples.records("exercise.txt", -1, p);
        assertThat(p[0].unparsed()).isEmpty();
        List<String> names = records.stream().filter(r -> r instanceof SyscallRecord)
                .map(r -> ((SyscallRecord) r).name()).distinct().toList();
        assertThat(names).contains("execve", "execveat", "clone", "vfork", "openat", "openat2", "creat", "close",
                "dup", "dup2", "dup3", "socket", "connect", "accept", "accept4", "bind", "listen", "sendto",
                "recvfrom", "rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir",
                "symlink", "symlinkat", "link", "linkat", "chmod", "fchmod", "fchmodat", "setuid", "setgid",
                "setresuid", "setresgid", "ptrace", "memfd_create", "init_module", "finit_module", "chdir",
                "fchdir", "exit_group");
        assertThat(records).filteredOn(r -> r instanceof ExitRecord).hasSize(6);
        assertThat(records).filteredOn(r -> r instanceof SignalRecord).hasSize(5);
    }

    @Test
    void everyLineOfEverySampleBecomesARecordOrAJoinedHalf() {
        // Samples written to stderr print no pid before the first fork: that pid is given.
        Map<String, Long> samples = Map.of("exercise.txt", -1L, "shadow-o.txt", -1L, "ls.txt", -1L,
                "shadow-stderr.txt", 12847L, "threads-stderr.txt", 12837L);
        for (Map.Entry<String, Long> e : samples.entrySet()) {
            String sample = e.getKey();
            StraceOutputParser[] p = new StraceOutputParser[1];
            List<StraceRecord> records = StraceSamples.records(sample, e.getValue(), p);
            List<String> lines = StraceSamples.lines(sample);
            long resumed = lines.stream().filter(l -> l.contains("<... ")).count();
            assertThat(p[0].unparsed()).as(sample).isEmpty();
            assertThat(records).as(sample).hasSize((int) (lines.size() - resumed));
        }
    }

    @Test
    void exitsAndKillsAreRecords() {
        List<StraceRecord> records = StraceSamples.records("exercise.txt", -1, null);
        List<ExitRecord> exits = records.stream().filter(r -> r instanceof ExitRecord).map(r -> (ExitRecord) r).toList();
        assertThat(exits).extracting(ExitRecord::status).containsExactly(0, 0, 0, -1, 3, 0);
        assertThat(exits.get(3).signal()).isEqualTo("SIGKILL");
        assertThat(exits.get(3).pid()).isEqualTo(12713);
        SignalRecord sig = records.stream().filter(r -> r instanceof SignalRecord).map(r -> (SignalRecord) r)
                .findFirst().orElseThrow();
        assertThat(sig.signal()).isEqualTo("SIGCHLD");
        assertThat(sig.details()).startsWith("{si_signo=SIGCHLD").contains("si_pid=12710");
    }

    @Test
    void unfinishedAndResumedCallsOfInterleavedThreadsAreJoined() {
        StraceOutputParser[] p = new StraceOutputParser[1];
        List<StraceRecord> records = StraceSamples.records("threads-stderr.txt", 12837, p);
        List<SyscallRecord> opens = StraceSamples.calls(records, "openat").stream()
                .filter(o -> "\"/etc/hostname\"".equals(o.arg(1))).toList();
        assertThat(opens).hasSize(60);
        assertThat(opens).allSatisfy(o -> {
            assertThat(o.args()).hasSize(3);
            assertThat(o.arg(2)).isEqualTo("O_RDONLY");
            assertThat(o.succeeded()).isTrue();
            assertThat(o.resultAnnotation()).isEqualTo("/etc/hostname");
        });
        assertThat(opens).extracting(SyscallRecord::pid).containsOnly(12838L, 12839L, 12840L);
        // A joined pair carries the pid of its own thread and the time of the resumed half.
        SyscallRecord joined = opens.stream().filter(o -> o.timeNanos() == 1795922238232579000L).findFirst().orElseThrow();
        assertThat(joined.pid()).isEqualTo(12840);
        assertThat(joined.returnValue()).isEqualTo(3);
    }

    @Test
    void aChildSeenBeforeItsParentsForkResumesCompletesTheForkFirst() {
        List<StraceRecord> records = StraceSamples.records("shadow-stderr.txt", 12847, null);
        int vfork = indexOf(records, r -> r instanceof SyscallRecord s && s.name().equals("vfork"));
        int exec = indexOf(records, r -> r instanceof SyscallRecord s && s.name().equals("execve") && s.pid() == 12848);
        assertThat(vfork).isLessThan(exec);
        SyscallRecord v = (SyscallRecord) records.get(vfork);
        assertThat(v.pid()).isEqualTo(12847);
        assertThat(v.returnValue()).isEqualTo(12848);
        assertThat(StraceSamples.calls(records, "vfork")).hasSize(1);
        SyscallRecord e = (SyscallRecord) records.get(exec);
        assertThat(StraceValues.stringArray(e.arg(1))).containsExactly("cat", "/etc/shadow");
        assertThat(e.returnValue()).isZero();
    }

    @Test
    void garbageLinesAreCountedByReasonAndSyscallAndNeverStopTheStream() {
        StraceOutputParser[] p = new StraceOutputParser[1];
        List<StraceRecord> records = StraceSamples.records("garbage.txt", -1, p);
        assertThat(records).hasSize(5);
        assertThat(p[0].messages()).isEqualTo(1);
        assertThat(p[0].unparsed()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "no timestamp", 2L,
                "blank line", 1L,
                "unbalanced arguments (openat)", 2L,
                "resumed without unfinished (close)", 1L,
                "bad exit line", 1L,
                "bad signal line", 1L,
                "not a system call", 1L,
                "bad pid prefix", 1L));
        SyscallRecord read = StraceSamples.calls(records, "read").get(0);
        assertThat(StraceValues.string(read.arg(1))).isEqualTo(new StraceValues.StraceString("12", true));
    }

    @Test
    void aCallStillUnfinishedWhenItsThreadExitsIsCounted() {
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, records::add);
        parser.accept("7 1.000001 wait4(-1,  <unfinished ...>");
        parser.accept("7 1.000002 +++ killed by SIGKILL +++");
        parser.accept("8 1.000003 read(0,  <unfinished ...>");
        parser.finish();
        assertThat(records).hasSize(1);
        assertThat(parser.unparsed()).containsEntry("call unfinished at exit (wait4)", 1L)
                .containsEntry("unfinished at end of trace (read)", 1L);
    }

    @Test
    void anExecveByANonLeaderThreadResumesUnderTheLeadersPid() {
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, records::add);
        parser.accept("100 1.000001 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 101");
        // As strace 6 prints it (older versions print <unfinished ...>).
        parser.accept("101 1.000002 execve(\"/bin/true\", [\"true\"], 0x7ffe /* 3 vars */ <pid changed to 100 ...>");
        parser.accept("100 1.000003 +++ superseded by execve in pid 101 +++");
        // strace --seccomp-bpf prints a bogus failure here; the takeover proves the execve succeeded.
        parser.accept("100 1.000004 <... execve resumed>) = -1 (errno 18446744073709551359)");
        parser.finish();
        assertThat(parser.unparsed()).isEmpty();
        SyscallRecord exec = StraceSamples.calls(records, "execve").get(0);
        assertThat(exec.pid()).isEqualTo(100);
        assertThat(exec.returnValue()).isZero();
        assertThat(StraceValues.stringArray(exec.arg(1))).containsExactly("true");
    }

    @Test
    void theFirstLineOfAChildAlreadyForkedCompletesNoOtherProcesssPendingClone() {
        List<StraceRecord> out = new ArrayList<>();
        StraceOutputParser p = new StraceOutputParser(-1, out::add);
        String clone = "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f";
        p.accept("100 1796094952.451411 " + clone + ") = 200");
        p.accept("100 1796094952.451500 " + clone + ") = 300");
        p.accept("300 1796094952.452000 " + clone + " <unfinished ...>");
        p.accept("200 1796094952.452100 openat(AT_FDCWD</tmp>, \"/etc/shadow\", O_RDONLY) = 3</etc/shadow>");
        p.accept("300 1796094952.452200 <... clone resumed>) = 301");
        p.finish();
        assertThat(out).filteredOn(r -> r instanceof SyscallRecord s && s.pid() == 300)
                .extracting(r -> ((SyscallRecord) r).returnValue()).containsExactly(301L);
        assertThat(p.unparsed()).isEmpty();
    }

    @Test
    void aCloneResumedWithAnotherChildThanItsEarlyCompletionUsedIsCounted() {
        List<StraceRecord> out = new ArrayList<>();
        StraceOutputParser p = new StraceOutputParser(-1, out::add);
        p.accept("300 1.000001 clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>");
        // 999 was never announced (say, a process attached without its pid being told): taken for the child.
        p.accept("999 1.000002 getpid() = 999");
        p.accept("300 1.000003 <... clone resumed>) = 301");
        p.accept("301 1.000004 getpid() = 301");
        p.finish();
        assertThat(StraceSamples.calls(out, "clone")).extracting(SyscallRecord::returnValue).containsExactly(999L);
        assertThat(p.unparsed()).containsExactly(
                Map.entry("clone resumed with another child than the one its early completion used (clone)", 1L));
    }

    @Test
    void theLeadersUnfinishedCallLostWhenAnotherThreadsExecTakesOverIsCounted() {
        List<StraceRecord> out = new ArrayList<>();
        StraceOutputParser p = new StraceOutputParser(-1, out::add);
        p.accept("100 1796094952.100000 openat(AT_FDCWD</tmp>, \"/tmp/fifo\", O_RDONLY <unfinished ...>");
        p.accept("101 1796094952.200000 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 3 vars */ <unfinished ...>");
        p.accept("100 1796094952.300000 +++ superseded by execve in pid 101 +++");
        p.accept("100 1796094952.300100 <... execve resumed>) = 0");
        p.finish();
        assertThat(StraceSamples.calls(out, "execve")).hasSize(1);
        assertThat(p.unparsed()).containsExactly(
                Map.entry("call unfinished when another thread's exec took over the process (openat)", 1L));
    }

    private static int indexOf(List<StraceRecord> records, Predicate<StraceRecord> p) {
        for (int i = 0; i < records.size(); i++) {
            if (p.test(records.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
