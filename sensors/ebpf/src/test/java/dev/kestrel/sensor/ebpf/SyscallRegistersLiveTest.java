package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: a call read at its exit from the saved registers is printed with the argument it was
 * given, and where the registers are not found (a stack layout made up for the test) it is counted,
 * never dropped silently: printed + not found = calls, either way.
 */
class SyscallRegistersLiveTest {

    /** An fd no process has: fchdir fails at once, after the registers were saved. */
    private static final int MAGIC_FD = 987_654;
    private static final int CALLS = 2_000;
    /** The name the workload gives itself, so only its calls are seen. */
    private static final String COMM = "kregtest";

    @Test
    void theArgumentIsReadFromTheSavedRegisters(@TempDir Path dir) throws Exception {
        SystemTests.require(SyscallRegisters.forArchitecture(System.getProperty("os.arch"), 1) != null,
                "the saved registers are read on x86-64 only, not on " + System.getProperty("os.arch"));
        List<String> lines = run(dir, SyscallRegisters.forArchitecture(System.getProperty("os.arch"), cpus()));
        assertThat(BpftraceProgramRun.count(lines, "W|" + MAGIC_FD)).isEqualTo(CALLS);
        assertThat(lines).filteredOn(l -> l.startsWith("W|")).hasSize(CALLS);
        assertThat(BpftraceProgramRun.perCpuTotal(lines, 'R')).isZero();
    }

    @Test
    void aCallWhoseRegistersAreNotFoundIsCounted(@TempDir Path dir) throws Exception {
        // 8 KiB holds no pt_regs on any 64-bit kernel: the place read is inside the live stack.
        List<String> lines = run(dir, new SyscallRegisters(cpus(), 8_192));
        assertThat(lines).noneMatch(l -> l.startsWith("W|"));
        assertThat(BpftraceProgramRun.perCpuTotal(lines, 'R')).isEqualTo(CALLS);
    }

    private static int cpus() {
        return KernelLayout.possibleCpus(Path.of("/sys/devices/system/cpu/possible"));
    }

    private static List<String> run(Path dir, SyscallRegisters registers) throws Exception {
        String program = "tracepoint:syscalls:sys_exit_fchdir /comm == \"" + COMM + "\"/ {\n"
                + registers.guarded("fchdir", "    printf(\"W|%d\\n\", " + registers.rewrite("fchdir", "args->fd") + ");\n") + "}\n"
                + "END {" + registers.finalCounters() + " clear(@regmiss); printf(\"Q|\\n\"); }\n";
        List<String> lines = BpftraceProgramRun.run(dir, program, Map.of(), "import ctypes, os\n"
                + "ctypes.CDLL(None).prctl(15, b'" + COMM + "', 0, 0, 0)\n"
                + "for _ in range(" + CALLS + "):\n    try:\n        os.fchdir(" + MAGIC_FD + ")\n    except OSError:\n        pass\n");
        assertThat(BpftraceProgramRun.count(lines, "Q|")).as("the END program ran to its last line").isEqualTo(1L);
        return lines;
    }
}
