package dev.kestrel.sensor.ebpf;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A count the kernel program keeps per CPU in a map ({@code @map[cpu]}) and prints as
 * {@code CODE|cpu|count} lines, every second and at the end. Each CPU's count only grows, but lines
 * from different CPUs' buffers may arrive out of order, so the reader keeps each CPU's largest.
 * Thread-safe: reported on the reading thread, read from any.
 */
final class CpuCounter {

    private final ConcurrentHashMap<Long, Long> byCpu = new ConcurrentHashMap<>();

    /**
     * The statements printing {@code map}'s count for each of {@code cpus} CPUs that has one, as
     * {@code code|cpu|count} lines (variables {@code $<code><cpu>}, so two counters share a program).
     */
    static String printStatements(String map, char code, int cpus) {
        StringBuilder print = new StringBuilder();
        for (int c = 0; c < cpus; c++) {
            String v = "$" + code + c;
            print.append(' ').append(v).append(" = ").append(map).append("[(uint64)").append(c).append("]; if (").append(v)
                    .append(" != 0) { printf(\"").append(code).append('|').append(c).append("|%llu\\n\", ").append(v).append("); }");
        }
        return print.toString();
    }

    /** The program printing {@code map}'s counts every second, as {@link #printStatements} does. */
    static String everySecond(String map, char code, int cpus) {
        return "interval:s:1 {" + printStatements(map, code, cpus) + " }\n";
    }

    /** A line said that CPU {@code cpu}'s count is {@code count}. */
    void report(long cpu, long count) {
        byCpu.merge(cpu, count, Math::max);
    }

    /** The sum over CPUs of each one's latest count. */
    long total() {
        return byCpu.values().stream().mapToLong(Long::longValue).sum();
    }
}
