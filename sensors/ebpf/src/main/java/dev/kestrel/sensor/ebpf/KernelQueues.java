package dev.kestrel.sensor.ebpf;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the bpftrace code that keeps records in per-CPU queues in the kernel instead of printing them
 * inside the traced call, and the timer programs that print the queues a batch at a time. Printing a
 * record costs the call an interrupt and a wake-up of bpftrace (about 9 µs on a VM); storing it costs a
 * few map operations (about 1 µs), and a batch printed from the timer pays for one. Immutable once the
 * program is written; not thread-safe while it is.
 *
 * <p>A queue is a hash map keyed by CPU and sequence number ({@code @q<code>[cpu, n]}). The next number
 * to write and to print, per queue and CPU, are in one small map ({@code @qn[slot, cpu]}). Writers only
 * add to their own CPU's queue; only a timer removes, and bpftrace runs its {@code interval} programs on
 * one CPU, so two timers never print the same queue at once. A writer stores the record before it moves the write
 * number, so the timer never reads a number whose record is not there yet. (A {@code profile} timer on
 * every CPU would need no sharing, but it does not fire on an idle CPU, so a record could wait there
 * indefinitely.) A record that finds its CPU's queue full is counted, never silently dropped:
 * {@code L|cpu|count} lines report the count every second and at the end, where the END program also
 * prints what the queues still hold.
 *
 * <p>Only records of numbers and short strings can be queued: the timer copies a record twice on the
 * 512-byte BPF stack, so a 200-byte string does not fit. The queued records print with their time, so the
 * reader's reorder buffer puts them back in order with the printed ones; a record waits about one timer
 * period ({@value #DRAIN_MS} ms), far less than the reorder window.
 *
 * <p>The verifier walks every iteration of a timer's loops and gives up past a million instructions,
 * so a timer serves at most {@value #CPUS_PER_TIMER} CPUs with at most {@value #DRAIN_BUDGET} records
 * a tick over them; more CPUs get more timers.
 */
final class KernelQueues {

    /** The period of the timer programs that print the queues (each set runs twice, see {@link #drainPrograms}). */
    static final int DRAIN_MS = 5;

    /** Most records of one CPU's queue a timer prints per tick. */
    static final int DRAIN_BATCH = 256;

    /** CPUs whose queues one timer program prints. */
    static final int CPUS_PER_TIMER = 8;

    /**
     * Records one timer or the END program may print per run, over its CPUs and queues (a record of
     * seventeen fields, the exec header, costs the verifier about 700 instructions, and it stops at a million).
     */
    static final int DRAIN_BUDGET = 768;

    private final int cpus;
    private final int capacity;
    private final List<Queue> queues = new ArrayList<>();

    private record Queue(int index, char code, String format, int fields) {
        String map() {
            return "@q" + code;
        }

        /** The number of the next record to write in {@code cpu}'s queue. */
        String written(String cpu) {
            return "@qn[(uint64)" + 2 * index + ", " + cpu + "]";
        }

        /** The number of the next record to print from {@code cpu}'s queue. */
        String read(String cpu) {
            return "@qn[(uint64)" + (2 * index + 1) + ", " + cpu + "]";
        }
    }

    /**
     * @param cpus how many CPUs the kernel may run programs on
     * @param mapEntries the entries each bpftrace map holds (shared by all CPUs' queues of a record kind)
     */
    KernelQueues(int cpus, int mapEntries) {
        this.cpus = Math.max(1, cpus);
        this.capacity = Math.max(1, mapEntries / this.cpus);
    }

    /** Records a queue holds per CPU before further ones are counted as lost. */
    int capacityPerCpu() {
        return capacity;
    }

    /**
     * The statement that queues one record instead of {@code printf("<code>|<format>\n", args)}.
     *
     * @param code the record's code letter (one queue per code)
     * @param format the printf format of the fields after {@code code|}, without the newline
     * @param args the bpftrace expressions of the fields
     */
    String store(char code, String format, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("a queued record has at least two fields (bpftrace has no one-element tuples)");
        }
        Queue q = queues.stream().filter(x -> x.code == code).findFirst().orElse(null);
        if (q == null) {
            q = new Queue(queues.size(), code, format, args.size());
            queues.add(q);
        } else if (!q.format.equals(format) || q.fields != args.size()) {
            throw new IllegalArgumentException("queue " + code + " already holds records of another shape");
        }
        String m = q.map();
        return "$qc = (uint64)cpu; $qi = " + q.written("$qc") + "; "
                + "if ($qi - " + q.read("$qc") + " < " + capacity + ") { "
                + m + "[$qc, $qi] = (" + String.join(", ", args) + "); " + q.written("$qc") + " = $qi + 1; } "
                + "else { @qlost[$qc]++; }";
    }

    /** Whether any record is queued (when not, the program has none of this code). */
    boolean used() {
        return !queues.isEmpty();
    }

    /** The BEGIN program: it gives the sequence numbers their type before any program reads them. */
    String begin() {
        return "BEGIN { @qn[(uint64)0, (uint64)0] = (uint64)0; }\n";
    }

    /**
     * The timer programs printing the queues, one per {@value #CPUS_PER_TIMER} CPUs. The program runs them
     * twice, first and last: bpftrace attaches programs in order and detaches them in the same order, so
     * one set is live before any writer (and before the start-up check can pass) and the other until the
     * last writer is gone.
     */
    String drainPrograms() {
        StringBuilder b = new StringBuilder();
        for (int from = 0; from < cpus; from += CPUS_PER_TIMER) {
            b.append("interval:ms:").append(DRAIN_MS).append(" {\n");
            for (int c = from; c < Math.min(cpus, from + CPUS_PER_TIMER); c++) {
                for (Queue q : queues) {
                    drain(b, q, "(uint64)" + c, batch());
                }
            }
            b.append("}\n");
        }
        return b.toString();
    }

    /** Records of one CPU's queue a timer prints per tick. */
    int batch() {
        return batch(Math.min(cpus, CPUS_PER_TIMER));
    }

    private int batch(int cpusServed) {
        return Math.max(1, Math.min(DRAIN_BATCH, DRAIN_BUDGET / (cpusServed * Math.max(1, queues.size()))));
    }

    /** The program printing the lost counts every second. */
    String counterProgram() {
        return CpuCounter.everySecond("@qlost", 'L', cpus);
    }

    /**
     * Statements for the END program: print what every CPU's queues still hold, within one program's
     * budget, count the rest as lost, then print the lost counts.
     */
    String finalStatements() {
        StringBuilder b = new StringBuilder("\n");
        for (int c = 0; c < cpus; c++) {
            for (Queue q : queues) {
                drain(b, q, "(uint64)" + c, batch(cpus));
            }
        }
        for (int c = 0; c < cpus; c++) {
            for (Queue q : queues) {
                String left = "$left" + q.code + c;
                String at = "[(uint64)" + c + "]";
                b.append("  ").append(left).append(" = ").append(q.written("(uint64)" + c)).append(" - ")
                        .append(q.read("(uint64)" + c)).append("; if (").append(left).append(" > 0) { @qlost").append(at)
                        .append(" += (int64)").append(left).append("; }\n");
            }
        }
        return b.append(lostCounts()).toString();
    }

    /** Maps to clear at the end, so bpftrace does not print them. */
    List<String> maps() {
        List<String> maps = new ArrayList<>();
        for (Queue q : queues) {
            maps.add(q.map());
        }
        maps.addAll(List.of("@qn", "@qlost"));
        return maps;
    }

    private static void drain(StringBuilder b, Queue q, String cpu, int batch) {
        char k = q.code;
        String v = "$v" + k;
        String r = "$r" + k;
        String n = "$n" + k;
        b.append("  ").append(r).append(" = ").append(q.read(cpu)).append("; ").append(n).append(" = 0;\n")
                .append("  while (").append(r).append(" < ").append(q.written(cpu)).append(" && ")
                .append(n).append(" < ").append(batch).append(") {\n")
                .append("    ").append(v).append(" = ").append(q.map()).append('[').append(cpu).append(", ").append(r).append("];\n")
                .append("    printf(\"").append(k).append('|').append(q.format).append("\\n\"");
        for (int i = 0; i < q.fields; i++) {
            b.append(", ").append(v).append('.').append(i);
        }
        b.append(");\n")
                .append("    delete(").append(q.map()).append('[').append(cpu).append(", ").append(r).append("]); ")
                .append(r).append("++; ").append(n).append("++;\n")
                .append("  }\n")
                .append("  ").append(q.read(cpu)).append(" = ").append(r).append(";\n");
    }

    private String lostCounts() {
        return CpuCounter.printStatements("@qlost", 'L', cpus);
    }
}
