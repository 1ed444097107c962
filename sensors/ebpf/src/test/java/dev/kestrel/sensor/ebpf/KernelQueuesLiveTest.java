package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: the kernel queues' law, with bpftrace and a real workload. Every record a program
 * queues is either printed (by the timer or the END program) or counted as lost; none disappears.
 * The queues are made tiny so that a burst overflows them.
 */
class KernelQueuesLiveTest {

    /** A process group no process has: getpgid(MAGIC) fails at once, and only this test makes that call. */
    private static final int MAGIC = 987_654_321;
    private static final int CALLS = 50_000;

    @Test
    void everyQueuedRecordIsPrintedOrCountedAsLost(@TempDir Path dir) throws Exception {
        int cpus = KernelLayout.possibleCpus(Path.of("/sys/devices/system/cpu/possible"));
        int entries = 64 * cpus;
        KernelQueues queues = new KernelQueues(cpus, entries);
        String store = queues.store('W', "%llu|%d", List.of("nsecs", "tid"));
        String program = queues.begin()
                + "tracepoint:syscalls:sys_enter_getpgid /args->pid == " + MAGIC + "/ { " + store + " }\n"
                + queues.drainPrograms() + queues.counterProgram()
                + "END {" + queues.finalStatements() + String.join("", queues.maps().stream().map(m -> " clear(" + m + ");").toList())
                + " printf(\"Q|\\n\"); }\n";
        List<String> lines = BpftraceProgramRun.run(dir, program, Map.of("BPFTRACE_MAP_KEYS_MAX", Integer.toString(entries)),
                "import os\nfor _ in range(" + CALLS + "):\n    try:\n        os.getpgid(" + MAGIC + ")\n    except OSError:\n        pass\n");

        long printed = lines.stream().filter(l -> l.startsWith("W|")).count();
        long lost = BpftraceProgramRun.perCpuTotal(lines, 'L');
        assertThat(BpftraceProgramRun.count(lines, "Q|")).as("the END program ran to its last line").isEqualTo(1L);
        assertThat(printed + lost).as("printed %d + lost %d", printed, lost).isEqualTo(CALLS);
        assertThat(lost).as("a burst overflows queues of %d records per CPU", entries / cpus).isPositive();
        assertThat(printed).isGreaterThanOrEqualTo(entries / cpus);
    }
}
