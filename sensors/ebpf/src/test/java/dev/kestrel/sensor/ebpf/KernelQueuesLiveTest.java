package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        SystemTests.require(SystemTests.root(), "bpftrace programs need root");
        String problem = EbpfPreflight.check("bpftrace").orElse(null);
        SystemTests.require(problem == null, "bpftrace cannot run here: " + problem);
        SystemTests.require(SystemTests.onPath("python3"), "the workload needs python3");

        int cpus = KernelLayout.possibleCpus(Path.of("/sys/devices/system/cpu/possible"));
        int entries = 64 * cpus;
        KernelQueues queues = new KernelQueues(cpus, entries);
        String store = queues.store('W', "%llu|%d", List.of("nsecs", "tid"));
        String program = queues.begin()
                + "tracepoint:syscalls:sys_enter_getpgid /args->pid == " + MAGIC + "/ { " + store + " }\n"
                + queues.drainPrograms() + queues.counterProgram()
                + "END {" + queues.finalStatements() + String.join("", queues.maps().stream().map(m -> " clear(" + m + ");").toList())
                + " printf(\"Q|\\n\"); }\n";
        Path file = dir.resolve("queues.bt");
        Files.writeString(file, program);
        ProcessBuilder pb = new ProcessBuilder("bpftrace", file.toString()).redirectErrorStream(false)
                .redirectError(dir.resolve("stderr").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("BPFTRACE_MAP_KEYS_MAX", Integer.toString(entries));
        Process bpftrace = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(bpftrace.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS);
            assertThat(first).as("bpftrace attached (stderr: %s)", Files.readString(dir.resolve("stderr"))).startsWith("Attaching");
            CompletableFuture<Map<Character, Long>> read = CompletableFuture.supplyAsync(() -> count(out));

            Process work = new ProcessBuilder("python3", "-c", "import os\nfor _ in range(" + CALLS + "):\n"
                    + "    try:\n        os.getpgid(" + MAGIC + ")\n    except OSError:\n        pass\n").inheritIO().start();
            assertThat(work.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(work.exitValue()).isZero();
            // SIGTERM through the handle: Process.destroy() would also close our end of bpftrace's output.
            bpftrace.toHandle().destroy();
            Map<Character, Long> lines = read.get(120, TimeUnit.SECONDS);

            long printed = lines.getOrDefault('W', 0L);
            long lost = lines.getOrDefault('L', 0L);
            assertThat(lines.get('Q')).as("the END program ran to its last line").isEqualTo(1L);
            assertThat(printed + lost).as("printed %d + lost %d", printed, lost).isEqualTo(CALLS);
            assertThat(lost).as("a burst overflows queues of %d records per CPU", entries / cpus).isPositive();
            assertThat(printed).isGreaterThanOrEqualTo(entries / cpus);
        } finally {
            bpftrace.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts W and Q lines; for L lines, the sum over CPUs of each CPU's last (largest) count. */
    private static Map<Character, Long> count(BufferedReader in) {
        Map<Character, Long> lines = new HashMap<>();
        Map<String, Long> lostByCpu = new HashMap<>();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.startsWith("W|") || line.startsWith("Q|")) {
                lines.merge(line.charAt(0), 1L, Long::sum);
            } else if (line.startsWith("L|")) {
                String[] f = line.split("\\|");
                lostByCpu.merge(f[1], Long.parseLong(f[2]), Math::max);
            }
        }
        lines.put('L', lostByCpu.values().stream().mapToLong(Long::longValue).sum());
        return lines;
    }
}
