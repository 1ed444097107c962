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

class BpftraceScriptTest {

    /** The cgroup v2 hierarchy, kernfs's {@code parent} (before Linux 6.15), one-word capabilities (Linux 6.3 on). */
    static final KernelLayout TEST_LAYOUT = new KernelLayout(-1, 0, "", "parent", true);

    private static BpftraceScript script(Set<EventType> wanted) {
        return new BpftraceScript(wanted, 42, TEST_LAYOUT, 4096, call -> !call.equals("init_module"), "7ok3n");
    }

    @Test
    void everyPrintedLineStartsWithTheToken() {
        String text = script(null).text();
        Matcher m = Pattern.compile("printf\\(\"([^\"]*)\"").matcher(text);
        int printfs = 0;
        while (m.find()) {
            printfs++;
            assertThat(m.group(1)).startsWith("7ok3n");
            // a second line in one printf (the heartbeat's padding) carries the token too
            for (String line : m.group(1).split("\\\\n")) {
                if (!line.isEmpty()) {
                    assertThat(line).startsWith("7ok3n");
                }
            }
        }
        assertThat(printfs).isGreaterThan(40);
        assertThat(text).contains("/pid != 42/");
    }

    /**
     * Falco's "Redirect STDOUT/STDIN to Network Connection in Container" reads a dup2 of an accepted
     * connection onto stdin, and no rule names accept: the calls that make sockets come with any call
     * that reads fds, as libsinsp's state set has them, or the dup2 finds an fd the table never saw.
     */
    @Test
    void theCallsThatMakeSocketsComeWithAnyCallThatReadsFds() {
        for (EventType reads : List.of(EventType.DUP2, EventType.OPENAT, EventType.CLOSE, EventType.LISTEN, EventType.SENDTO)) {
            assertThat(script(EnumSet.of(reads)).traced()).as(reads.falcoName())
                    .contains(EventType.SOCKET, EventType.CONNECT, EventType.ACCEPT, EventType.ACCEPT4, EventType.BIND,
                            EventType.CLOSE, EventType.DUP, EventType.DUP2, EventType.DUP3);
        }
        assertThat(script(EnumSet.of(EventType.PTRACE)).traced()).as("no fd read")
                .doesNotContain(EventType.ACCEPT, EventType.SOCKET, EventType.CLOSE);
    }

    @Test
    void sessionsAndProcessGroupsAreAlwaysTraced() {
        assertThat(script(EnumSet.of(EventType.PTRACE)).traced()).contains(EventType.SETSID, EventType.SETPGID);
    }

    @Test
    void execsAndFailedExecsOfBothCallsAreAlwaysTraced() {
        BpftraceScript s = script(EnumSet.of(EventType.OPENAT));
        assertThat(s.traced()).contains(EventType.EXECVE, EventType.EXECVEAT, EventType.OPENAT, EventType.CLOSE)
                .doesNotContain(EventType.RENAME, EventType.SENDTO, EventType.LISTEN);
        assertThat(s.text()).contains("tracepoint:syscalls:sys_exit_execve ", "tracepoint:syscalls:sys_exit_execveat ",
                "7ok3nY|", "args->old_pid");
        String header = program(s.text(), "tracepoint:sched:sched_process_exec /pid != 42/ {");
        assertThat(header).as("the header is queued; the file name and arguments are printed")
                .contains("@qE[$qc, $qi] = ($ts, tid, pid, $t->real_parent->tgid,", "$len, $cg, $t->cred->cap_inheritable.val, $t->cred->cap_permitted.val, $t->cred->cap_effective.val, $xf, $vp, comm);", "\"memfd:\"",
                        "sizeof(struct pid) - sizeof(curtask->thread_pid->numbers)", "$d == $d->d_parent && strncmp(",
                        "if ($cr->fsuid.val == $in->i_uid.val) { $xf = $xf | 1; }", "$xf = $xf | $layer;")
                .doesNotContain("printf(");
        assertThat(s.text()).as("an exe file is walked once a period, and its key goes with every exec's file name")
                .contains("if (@exe_seen[$xk] == 0) {", "D|%llu|%d|%s", "F|%llu|%d|%d|%llu|%llu|%llu|%llu|%s", "interval:s:30 { clear(@exe_seen);")
                .contains("clear(@exe_seen);");
        assertThat(program(s.text(), "tracepoint:syscalls:sys_exit_clone {"))
                .as("a container's new thread queues its ids there from its own return; the host's do not")
                .contains("if (curtask->thread_pid->level > 0 && pid != 42) {", "@qV[$qc, $qi] = (nsecs, tid, $vp, $vg);");
        String twoWords = new BpftraceScript(EnumSet.of(EventType.OPENAT), 42, new KernelLayout(-1, 0, "", "parent", false), 4096,
                call -> true, "7ok3n").text();
        assertThat(twoWords).as("before Linux 6.3 a capability set is two 32-bit words")
                .contains("(((uint64)$t->cred->cap_effective.cap[1] << 32) | (uint64)$t->cred->cap_effective.cap[0])");
        assertThat(s.text()).contains("printf(\"7ok3nF|", "printf(\"7ok3nA|", "printf(\"7ok3nE|%llu|%d|%d|%d|%u|%u|%u|%u|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%d|%s7ok3n\\n\", $vE.0,");
    }

    @Test
    void mapsAreClearedAtTheEndSoBpftracePrintsNothingElse() {
        String text = script(null).text();
        String end = text.substring(text.indexOf("END {"));
        for (String map : new String[] {"@ex", "@exec_ts", "@cgroup_seen", "@s_openat", "@n_connect", "@cl", "@qB", "@qX", "@qn",
            "@qlost"}) {
            assertThat(end).contains("clear(" + map + ");");
        }
        assertThat(end).as("the end line comes last").endsWith("printf(\"7ok3nQ|7ok3n\\n\"); }\n");
    }

    @Test
    void aNewThreadOrProcessIsPrintedOnceInItsParentAndTheUntracedProcessOnlyForItsChildProcesses() {
        String text = script(null).text();
        for (String call : BpftraceScript.CLONE_CALLS) {
            int entry = BpftraceScript.CLONE_CALLS.indexOf(call) + 1;
            assertThat(text).contains("tracepoint:syscalls:sys_enter_" + call + " { @cl[tid] = (" + entry + ", ");
            String exit = program(text, "tracepoint:syscalls:sys_exit_" + call + " {");
            assertThat(exit).as("a child's return prints nothing; a failure is printed")
                    .contains("if ($r != 0) {", "if ($r < 0 && pid != 42) { printf(\"7ok3nC|" + call + "|");
        }
        String fork = program(text, "tracepoint:sched:sched_process_fork {");
        assertThat(fork).contains("if ($c.0 != 0 && (pid != 42 || ($c.1 & 0x10000) == 0))",
                "@qB[$qc, $qi] = ($c.0, nsecs, tid, pid, args->child_pid, $c.1, curtask->real_parent->pid, (pid != 42), comm);");
        String exit = program(text, "tracepoint:sched:sched_process_exit /pid != 42/ {");
        assertThat(exit).as("a thread passes its calls' exits before it ends: nothing to clean").doesNotContain("delete(")
                .contains("@qX[$qc, $qi] = (nsecs, tid, pid, curtask->exit_code, $rp);",
                        "if ($ns->level == curtask->thread_pid->level) { $rp = (uint64)$ns->child_reaper->pid; }");
        assertThat(fork + exit).as("queued, not printed inside the call").doesNotContain("printf(");
        String timer = program(text, "interval:ms:" + KernelQueues.DRAIN_MS + " {");
        assertThat(timer).contains("printf(\"7ok3nB|%d|%llu|%d|%d|%d|%llu|%d|%d|%s7ok3n\\n\", $vB.0,",
                "printf(\"7ok3nX|%llu|%d|%d|%d|%d7ok3n\\n\", $vX.0, $vX.1, $vX.2, $vX.3, $vX.4);");
        assertThat(text).startsWith("BEGIN { @qn[(uint64)0, (uint64)0] = (uint64)0; }\n");
        String drainHead = "interval:ms:" + KernelQueues.DRAIN_MS + " {";
        assertThat(text.indexOf(drainHead)).as("a timer attached before every writer")
                .isGreaterThan(text.indexOf("interval:ms:100 {")).isLessThan(text.indexOf("sched_process_exec"));
        assertThat(text.lastIndexOf(drainHead)).as("and one detached after every writer")
                .isGreaterThan(text.lastIndexOf("tracepoint:")).isLessThan(text.indexOf("END {"));
        assertThat(program(text.substring(text.lastIndexOf(drainHead)), drainHead)).isEqualTo(timer);
    }

    @Test
    void withoutAnyCloneCallThereIsNoForkProgram() {
        String text = new BpftraceScript(null, 42, TEST_LAYOUT, 4096,
                call -> !BpftraceScript.CLONE_CALLS.contains(call), "7ok3n").text();
        assertThat(text).doesNotContain("sched_process_fork", "@cl[");
    }

    /** The program that starts with {@code head}, up to its closing brace at the start of a line. */
    static String program(String text, String head) {
        int from = text.indexOf(head);
        assertThat(from).as(head).isNotNegative();
        return text.substring(from, text.indexOf("\n}\n", from) + 3);
    }


    @Test
    void aCallTheKernelLacksIsListedNotTraced() {
        BpftraceScript s = script(null);
        assertThat(s.unavailable()).containsExactly("init_module");
        assertThat(s.traced()).doesNotContain(EventType.INIT_MODULE).contains(EventType.FINIT_MODULE);
    }

    @Test
    void aWantedEventTheSensorHasNoProgramForIsListedAsUnwatched() {
        BpftraceScript s = script(EnumSet.of(EventType.RECVFROM, EventType.CONNECT, EventType.INIT_MODULE,
                EventType.CONTAINER_METADATA));
        // Read at the entry (this script), the fds pipe and socketpair write are not there yet: those calls are
        // left out, but no rule asked for them, so they are not the rules' to miss.
        assertThat(s.unwatched()).containsExactly(EventType.RECVFROM);
        assertThat(s.traced()).contains(EventType.CONNECT).doesNotContain(EventType.RECVFROM, EventType.PIPE);
        assertThat(script(EnumSet.of(EventType.PIPE2)).unwatched()).as("asked for").containsExactly(EventType.PIPE2);
        assertThat(s.unavailable()).containsExactly("init_module");
        assertThat(script(null).unwatched()).as("every type the sensor can produce at the entry")
                .containsExactlyInAnyOrderElementsOf(SyscallProbes.READ_AFTER_THE_CALL);
    }

    private static BpftraceScript filtered(Set<EventType> wanted, OpenPathFilter filter, int cpus) {
        return new BpftraceScript(wanted, 42, TEST_LAYOUT, 4096, call -> !call.equals("init_module"), "7ok3n",
                new KernelOpenFilter(filter, cpus), new KernelQueues(cpus, 65_536));
    }

    private static final OpenPathFilter SHADOW_READS = OpenPathFilter.of(List.of("/etc/shadow", "/etc/pam.d/"), List.of(), null);

    @Test
    void anOpenFilterParksTheOpensNoPrefixKeepsAndTheClosesOfTheirFds() {
        String text = filtered(EnumSet.of(EventType.OPENAT), SHADOW_READS, 3).text();
        // one program checks for odd paths, then the saving program, for each open call
        assertThat(count(text, "tracepoint:syscalls:sys_enter_openat ")).isEqualTo(2);
        String plain = "str(args->filename, " + OpenPathFilter.MAX_PLAIN_BYTES + ")";
        assertThat(text).contains("{ if (strcontains(" + plain + ", \"//\") || strcontains(" + plain + ", \"./\") || "
                + plain + " != str(args->filename)) { @odd[tid] = 1; } }");
        assertThat(text).contains("($m == 0 && (strncmp($p, \"/etc/pam.d/\", 11) == 0 || strncmp($p, \"/etc/shadow\", 11) == 0))",
                "($m == 2)", "$m == 3", "@k_openat[tid] = (args->dfd, args->flags, args->mode, args->filename)");
        assertThat(text).as("write-only opens: no rule").doesNotContain("$m == 1");
        assertThat(text).contains("$st = curtask->group_leader->start_time; if (@quiet[pid, $st, args->fd]) { delete(@quiet[pid, $st, args->fd]); } else { @s_close[tid]");
        assertThat(text).contains("0x4000", "@quiet[pid, curtask->group_leader->start_time, $r] = 1; } @kskip[cpu]++;");
        // a printed call returning an fd forgets it; every CPU's counter is printed
        assertThat(text).contains("delete(@s_openat[tid]); if ($r >= 0) { delete(@quiet[pid, curtask->group_leader->start_time, $r]); }");
        assertThat(text).contains("printf(\"7ok3nK|0|", "printf(\"7ok3nK|2|").doesNotContain("7ok3nK|3|");
        String end = text.substring(text.indexOf("END {"));
        assertThat(end).contains("clear(@quiet);", "clear(@kskip);", "clear(@k_openat);", "clear(@odd);", "7ok3nK|0|");
    }

    @Test
    void withoutAnythingToSkipOrWithoutOpensTheProgramHasNoFilter() {
        assertThat(filtered(EnumSet.of(EventType.OPENAT), OpenPathFilter.everything(), 1).text())
                .isEqualTo(script(EnumSet.of(EventType.OPENAT)).text());
        assertThat(filtered(EnumSet.of(EventType.CONNECT), SHADOW_READS, 2).text()).doesNotContain("@quiet", "@kskip");
    }

    @Test
    void aPrefixBpftraceCannotSpellKeepsEveryPathOfItsMode() {
        String text = filtered(EnumSet.of(EventType.OPENAT), OpenPathFilter.of(List.of("/etc/a\"b"), List.of(), List.of()), 1).text();
        assertThat(text).contains("!(($m == 0) || $m == 3)").doesNotContain("a\\\"b");
    }

    @Test
    void creatIsAlwaysWriteOnly() {
        String text = filtered(EnumSet.of(EventType.CREAT), SHADOW_READS, 1).text();
        assertThat(text).contains("$p = str(args->pathname); $m = 1;");
    }

    @Test
    void everyPrintedLineOfAFilteredProgramStartsWithTheToken() {
        Matcher m = Pattern.compile("printf\\(\"([^\"]*)\"").matcher(filtered(null, SHADOW_READS, 4).text());
        int printfs = 0;
        while (m.find()) {
            printfs++;
            assertThat(m.group(1)).startsWith("7ok3n");
        }
        assertThat(printfs).isGreaterThan(44);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theTokenIsLettersAndDigitsOnlyADigitFirst() {
        assertThatThrownBy(() -> new BpftraceScript(null, 1, TEST_LAYOUT, 4096, c -> true, "1a\"b%c"))
                .isInstanceOf(IllegalArgumentException.class);
        // "%r" then x or h is another conversion in bpftrace: the closing token would lose its first letter.
        for (String letterFirst : List.of("xTok3n", "hTok3n", "Tok3n")) {
            assertThatThrownBy(() -> new BpftraceScript(null, 1, TEST_LAYOUT, 4096, c -> true, letterFirst))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with a digit");
        }
        assertThat(new BpftraceScript(null, 1, TEST_LAYOUT, 4096, c -> true, "7ok3n").text())
                .contains("%r7ok3n\\n\"").doesNotContain("%rx", "%rh");
    }

    /**
     * Calls whose arguments wait in a map from entry to exit count, at the exit, the ones found missing:
     * the generic calls and the exec calls' failures; the counts are printed every second and at the end.
     */
    @Test
    void callsSeenOnlyAtTheirExitAreCountedEverySecondAndAtTheEnd() {
        String text = new BpftraceScript(EnumSet.of(EventType.CHMOD, EventType.CONNECT), 42, TEST_LAYOUT, 4096, call -> true,
                "7ok3n").text();
        assertThat(program(text, "tracepoint:syscalls:sys_exit_chmod ")).contains("} else { @argmiss[cpu]++; }");
        assertThat(program(text, "tracepoint:syscalls:sys_exit_connect ")).contains("} else { @argmiss[cpu]++; }");
        assertThat(program(text, "tracepoint:syscalls:sys_exit_execve ")).contains("} else { @argmiss[cpu]++; }");
        assertThat(text).contains("interval:s:1 { $M0 = @argmiss[(uint64)0]; if ($M0 != 0) { printf(\"7ok3nM|0|%llu7ok3n\\n\", $M0); }");
        String end = text.substring(text.indexOf("END {"));
        assertThat(end).contains("$M0 = @argmiss[(uint64)0];", "clear(@argmiss);");
    }

    @Test
    void theSharedSetsOfAlwaysTracedCallsCannotBeChanged() {
        for (Set<EventType> shared : List.of(BpftraceScript.ALWAYS, BpftraceScript.FD_HYGIENE, BpftraceScript.FD_SOURCES,
                BpftraceScript.NETWORK)) {
            assertThatThrownBy(() -> shared.add(EventType.PTRACE)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(shared::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
