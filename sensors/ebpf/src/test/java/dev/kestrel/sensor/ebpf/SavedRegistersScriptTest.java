package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.OpenPathFilter;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The program when the calls' arguments are read from their saved registers at the exit ({@link SyscallRegisters}). */
class SavedRegistersScriptTest {

    private static final OpenPathFilter SHADOW_READS = OpenPathFilter.of(List.of("/etc/shadow"), List.of(), null);

    private static BpftraceScript script(Set<EventType> wanted, OpenPathFilter filter) {
        return new BpftraceScript(wanted, 42, BpftraceScriptTest.TEST_LAYOUT, 4096, call -> !call.equals("init_module"), "7ok3n",
                new KernelOpenFilter(filter, 2), new KernelQueues(2, 65_536), SyscallRegisters.forArchitecture("amd64", 2));
    }

    @Test
    void everyGenericAndSocketCallHasOneExitProgramAndNoEntryProgramExceptClose() {
        BpftraceScript s = script(null, OpenPathFilter.everything());
        String text = s.text();
        assertThat(s.readsSavedRegisters()).isTrue();
        for (SyscallProbe p : SyscallProbes.BY_INDEX) {
            if (p.syscall().equals("init_module")) {
                continue;
            }
            String call = p.syscall();
            if (p.type() == EventType.CLOSE) {
                assertThat(text).as(call).contains("tracepoint:syscalls:sys_enter_close ").doesNotContain("sys_exit_close ");
                continue;
            }
            assertThat(text).as(call).doesNotContain("sys_enter_" + call + " ").doesNotContain("@s_" + call + "[");
            String exit = BpftraceScriptTest.program(text, "tracepoint:syscalls:sys_exit_" + call + " /pid != 42/ {");
            assertThat(exit).as(call).contains("$g->orig_ax == " + SyscallRegisters.BY_CALL.get(call).number() + " && $g->cs == 0x33")
                    .contains("} else { @regmiss[cpu]++; }");
            assertThat(exit.replace("args->ret", "")).as("%s reads nothing but its result from the tracepoint", call)
                    .doesNotContain("args->");
        }
        for (EventType t : BpftraceScript.NETWORK) {
            String call = t.falcoName();
            assertThat(text).as(call).doesNotContain("sys_enter_" + call + " ").doesNotContain("@n_" + call);
            assertThat(BpftraceScriptTest.program(text, "tracepoint:syscalls:sys_exit_" + call + " /pid != 42/ {"))
                    .contains("$fd = (int64)(int32)$g->di; $addr = " + switch (call) {
                        case "accept", "accept4" -> "(uint64)0";
                        case "sendto" -> "((int32)$g->r9 == 0 ? (uint64)0 : (uint64)uptr($g->r8))";
                        case "sendmsg" -> "(((struct user_msghdr *)uptr(uptr($g->si)))->msg_namelen == 0 ? (uint64)0"
                                + " : (uint64)((struct user_msghdr *)uptr(uptr($g->si)))->msg_name)";
                        default -> "(uint64)uptr($g->si)";
                    });
        }
    }

    @Test
    void theArgumentsArePrintedFromTheirRegistersWithTheKernelsTypes() {
        String text = script(EnumSet.of(EventType.OPENAT, EventType.RENAMEAT2), OpenPathFilter.everything()).text();
        assertThat(text).contains("printf(\"7ok3nS|1|%llu|%d|%d|%d|%d|%d|%d|%s7ok3n\\n\", $ts, tid, pid, $r, (int32)$g->di, (int32)$g->dx,"
                + " (uint16)$g->r10, str(uptr($g->si)));");
        int renameat2 = SyscallProbes.BY_SYSCALL.get("renameat2").index();
        assertThat(text).contains("printf(\"7ok3nS|" + renameat2 + "|%llu|%d|%d|%d|%d|%d|%s7ok3n\\n\", $ts, tid, pid, $r, (int32)$g->di,"
                + " (int32)$g->dx, str(uptr($g->si))); printf(\"7ok3nP|%llu|%d|%s7ok3n\\n\", $ts, tid, str(uptr($g->r10)));");
    }

    @Test
    void aFilteredOpenIsDecidedAtItsExitAndNothingIsParked() {
        String text = script(EnumSet.of(EventType.OPENAT), SHADOW_READS).text();
        assertThat(text).doesNotContain("sys_enter_openat", "@k_openat", "sys_exit_close");
        assertThat(BpftraceScriptTest.count(text, "tracepoint:syscalls:sys_exit_openat ")).isEqualTo(3);
        assertThat(text).contains("if ($ok) { if (strcontains(str(uptr($g->si), 150), \"//\")",
                "$r = args->ret; $p = str(uptr($g->si)); $m = ((int32)$g->dx) & 3;",
                "@kskip[cpu]++; } else { @s_openat[tid] = 1; }", "delete(@odd[tid]); @s_openat[tid] = 1;");
        String print = BpftraceScriptTest.program(text, "tracepoint:syscalls:sys_exit_openat /pid != 42/ {\n  if (@s_openat[tid]) {");
        assertThat(print).contains("delete(@s_openat[tid]);", "delete(@quiet[pid, curtask->group_leader->start_time, $r]);",
                "printf(\"7ok3nS|1|");
        assertThat(text).as("a quiet fd's close is not printed; another's is, at the entry")
                .contains("if (@quiet[pid, $st, args->fd]) { delete(@quiet[pid, $st, args->fd]); } else { $r = 0; $ts = nsecs; "
                        + "printf(\"7ok3nS|4|%llu|%d|%d|%d|%d7ok3n\\n\", $ts, tid, pid, $r, args->fd); }");
        String end = text.substring(text.indexOf("END {"));
        assertThat(end).contains("clear(@odd);", "clear(@s_openat);", "clear(@regmiss);", "clear(@quiet);", "7ok3nR|0|", "7ok3nR|1|")
                .doesNotContain("@k_openat", "@s_close");
    }

    /** The fds pipe and socketpair return are written to the caller's memory: read there at the exit. */
    @Test
    void theFdsOfAPipeAreReadFromTheCallersMemoryAtTheExit() {
        BpftraceScript s = script(EnumSet.of(EventType.DUP2), OpenPathFilter.everything());
        assertThat(s.traced()).contains(EventType.PIPE, EventType.PIPE2, EventType.SOCKETPAIR);
        assertThat(s.unwatched()).isEmpty();
        assertThat(BpftraceScriptTest.program(s.text(), "tracepoint:syscalls:sys_exit_pipe2 "))
                .contains("(*(int32*)uptr(uptr($g->di))), (*(int32*)uptr((uint64)uptr($g->di)+4))")
                .doesNotContain("sys_enter");
    }

    /**
     * A skipped open's fd closed by an exec (close-on-exec, no close call) may come back as a pipe's: the
     * pipe's fds are no skipped open's any more, or the pipe's later close would stay in the kernel.
     */
    @Test
    void thePipesFdsAreNoSkippedOpensAnyMore() {
        String pipe = BpftraceScriptTest.program(script(EnumSet.of(EventType.OPENAT), SHADOW_READS).text(),
                "tracepoint:syscalls:sys_exit_pipe ");
        assertThat(pipe).contains("if ($r == 0) { delete(@quiet[pid, ", ", (*(int32*)uptr(uptr($g->di)))]); delete(@quiet[pid, ",
                ", (*(int32*)uptr((uint64)uptr($g->di)+4))]); }");
    }

    /** An fd bpf makes (a map, a program) may take a skipped open's number too: its later close must be printed. */
    @Test
    void bpfsFdIsNoSkippedOpenAnyMore() {
        String bpf = BpftraceScriptTest.program(script(EnumSet.of(EventType.OPENAT, EventType.BPF), SHADOW_READS).text(),
                "tracepoint:syscalls:sys_exit_bpf ");
        assertThat(bpf).contains("if ($r >= 0) { delete(@quiet[pid, curtask->group_leader->start_time, $r]); }");
    }

    @Test
    void callsWhoseRegistersWereNotFoundAreCountedEverySecondAndAtTheEnd() {
        String text = script(EnumSet.of(EventType.CHMOD), OpenPathFilter.everything()).text();
        assertThat(text).contains("interval:s:1 { $R0 = @regmiss[(uint64)0]; if ($R0 != 0) { printf(\"7ok3nR|0|%llu7ok3n\\n\", $R0); }");
        Matcher m = Pattern.compile("printf\\(\"([^\"]*)\"").matcher(script(null, SHADOW_READS).text());
        int printfs = 0;
        while (m.find()) {
            printfs++;
            assertThat(m.group(1)).startsWith("7ok3n").endsWith("7ok3n\\n");
        }
        assertThat(printfs).isGreaterThan(44);
    }

    @Test
    void withoutRegistersEveryCallIsSavedAtItsEntryAsBefore() {
        BpftraceScript s = new BpftraceScript(null, 42, BpftraceScriptTest.TEST_LAYOUT, 4096, call -> !call.equals("init_module"), "7ok3n",
                new KernelOpenFilter(SHADOW_READS, 2), new KernelQueues(2, 65_536), null);
        assertThat(s.readsSavedRegisters()).isFalse();
        assertThat(s.text()).contains("sys_enter_openat ", "@k_openat[tid] = ", "sys_exit_close ", "sys_enter_connect ")
                .doesNotContain("$g->", "@regmiss");
        assertThat(SyscallRegisters.forArchitecture("aarch64", 2)).isNull();
        assertThat(SyscallRegisters.forArchitecture("x86_64", 2)).isNotNull();
    }

    @Test
    void everyArgumentTheProbesReadHasARegister() {
        SyscallRegisters r = SyscallRegisters.forArchitecture("amd64", 1);
        for (SyscallProbe p : SyscallProbes.BY_INDEX) {
            assertThat(r.covers(p.syscall())).as(p.syscall()).isTrue();
            for (SyscallProbe.Arg a : p.numbers()) {
                assertThat(r.rewrite(p.syscall(), a.expression())).as(p.syscall() + " " + a.param()).doesNotContain("args->").contains("$g->");
            }
            for (SyscallProbe.Arg a : p.strings()) {
                assertThat(r.rewrite(p.syscall(), a.expression())).as(p.syscall() + " " + a.param()).startsWith("uptr($g->");
            }
        }
        assertThat(r.rewrite("openat2", SyscallProbes.BY_SYSCALL.get("openat2").numbers().get(1).expression()))
                .isEqualTo("((uint32)((struct open_how *)uptr(uptr($g->dx)))->flags)");
        assertThat(r.rewrite("setresuid", "args->suid")).isEqualTo("(uint32)$g->dx");
        assertThat(r.rewrite("ptrace", "args->request")).isEqualTo("(int64)$g->di");
        assertThat(r.rewrite("unshare", "args->unshare_flags")).isEqualTo("$g->di");
        assertThatThrownBy(() -> r.rewrite("openat", "args->nothing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openat has no parameter nothing");
    }

    @Test
    void theRegistersAreLookedForInEachKnownPlaceInTurn() {
        String locate = SyscallRegisters.forArchitecture("amd64", 1).locate("openat");
        assertThat(locate).startsWith("$g = (struct pt_regs *)kptr((uint64)curtask->stack + 16216); $ok = $g->orig_ax == 257 && $g->cs == 0x33;")
                .contains(" if (!$ok) { $g = (struct pt_regs *)kptr((uint64)curtask->stack + 16200);",
                        "+ 32600);", "+ 32584);");
        assertThat(new SyscallRegisters(1, 8192).locate("close")).isEqualTo(
                "$g = (struct pt_regs *)kptr((uint64)curtask->stack + 8024); $ok = $g->orig_ax == 3 && $g->cs == 0x33;");
    }
}
