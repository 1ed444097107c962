package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: a call whose arguments are saved at its entry (where the saved registers are not
 * read) and whose map is full is counted at its exit, never lost silently. Six opens of a FIFO more
 * than the map holds are in flight at once: printed + counted = all of them.
 */
class EntryMapLiveTest {

    private static final String COMM = "kentrytest";

    @Test
    void callsTheFullMapCouldNotSaveAreCounted(@TempDir Path dir) throws Exception {
        int cpus = KernelLayout.possibleCpus(Path.of("/sys/devices/system/cpu/possible"));
        // Every map holds this many keys, the per-CPU counter's too: at least one per CPU.
        int keys = Math.max(4, cpus);
        int readers = keys + 6;
        StringBuilder program = new StringBuilder();
        CallPrograms.generic(program, "/comm == \"" + COMM + "\"/ ", SyscallProbes.BY_TYPE.get(EventType.OPENAT),
                new KernelOpenFilter(null, 1), null);
        program.append("END {").append(CpuCounter.printStatements(CallPrograms.ENTRIES_MISSING, 'M', cpus))
                .append(" clear(").append(CallPrograms.ENTRIES_MISSING).append("); clear(@s_openat); printf(\"Q|\\n\"); }\n");
        // Readers of a FIFO block inside openat until a writer opens it: all are in flight at once.
        String workload = "import ctypes, os, threading, time, platform\n"
                + "fifo = '" + dir.resolve("fifo") + "'\n"
                + "os.mkfifo(fifo)\n"
                + "OPENAT = {'x86_64': '257', 'aarch64': '56'}[platform.machine()]\n"
                // Only the readers take the name the program watches; the main thread's own opens are not seen.
                + "def reader():\n    ctypes.CDLL(None).prctl(15, b'" + COMM + "', 0, 0, 0)\n"
                + "    os.close(os.open(fifo, os.O_RDONLY))\n"
                + "threads = [threading.Thread(target=reader) for _ in range(" + readers + ")]\n"
                + "for t in threads: t.start()\n"
                + "def in_open():\n"
                + "    n = 0\n"
                + "    for task in os.listdir('/proc/self/task'):\n"
                + "        try:\n"
                + "            with open('/proc/self/task/' + task + '/syscall') as f: n += f.read().split(' ')[0] == OPENAT\n"
                + "        except OSError: pass\n"
                + "    return n\n"
                + "deadline = time.time() + 60\n"
                + "while in_open() < " + readers + " and time.time() < deadline: time.sleep(0.01)\n"
                + "os.close(os.open(fifo, os.O_WRONLY))\n"
                + "for t in threads: t.join()\n";
        List<String> lines = BpftraceProgramRun.run(dir, program.toString(), Map.of("BPFTRACE_MAP_KEYS_MAX", Integer.toString(keys)), workload);
        assertThat(BpftraceProgramRun.count(lines, "Q|")).as("the END program ran to its last line").isEqualTo(1L);
        long printed = lines.stream().filter(l -> l.startsWith("S|") && l.endsWith("/fifo")).count();
        long counted = BpftraceProgramRun.perCpuTotal(lines, 'M');
        assertThat(printed).as("the map holds %s calls", keys).isLessThanOrEqualTo(keys);
        assertThat(printed + counted).as("printed %s, counted %s: %s", printed, counted, lines).isEqualTo(readers);
    }
}
