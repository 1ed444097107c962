package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.FlagTable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a flag value in libscap's own numbering ({@code PPM_O_RDONLY} is 1, {@code PPM_CL_CLONE_FILES}
 * is 1...) into the Linux value Kestrel's {@link FlagTable} holds, name by name, so a captured
 * {@code O_RDONLY|O_CLOEXEC} reads as the same flags a live sensor reports. Immutable.
 */
final class FlagTranslation {

    private static final String RESOURCE = "scap-flags.txt";

    private final boolean valueTable;
    private final boolean fileFlags;
    private final long[] ppmBits;
    private final long[] linuxBits;
    private final Map<Long, Long> values;

    private FlagTranslation(boolean valueTable, boolean fileFlags, long[] ppmBits, long[] linuxBits,
                            Map<Long, Long> values) {
        this.valueTable = valueTable;
        this.fileFlags = fileFlags;
        this.ppmBits = ppmBits;
        this.linuxBits = linuxBits;
        this.values = values;
    }

    /** The Linux value of libscap value {@code ppm}; bits or values Kestrel has no name for are dropped. */
    long toLinux(long ppm) {
        if (valueTable) {
            Long v = values.get(ppm);
            return v == null ? ppm : v;
        }
        long out = 0;
        if (fileFlags) {
            long mode = ppm & 3;
            out = mode == 3 ? 2 : mode == 2 ? 1 : 0;
        }
        for (int i = 0; i < ppmBits.length; i++) {
            if ((ppm & ppmBits[i]) == ppmBits[i]) {
                out |= linuxBits[i];
            }
        }
        return out;
    }

    /** libscap's tables by name, each translated into {@code kestrel} where Kestrel uses that table. */
    static Map<String, Map<String, Long>> loadTables() {
        Map<String, Map<String, Long>> tables = new HashMap<>();
        for (String line : BundledTableLines.read(RESOURCE)) {
            String[] parts = line.trim().split(" ");
            Map<String, Long> table = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                table.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
            }
            tables.put(parts[0], table);
        }
        return tables;
    }

    /** The translation from libscap table {@code ppmTable} (name to value) into Kestrel's {@code kestrel}. */
    static FlagTranslation of(String tableName, Map<String, Long> ppmTable, FlagTable kestrel) {
        boolean valueTable = tableName.equals("socket_families") || tableName.equals("ptrace_requests");
        if (valueTable) {
            Map<Long, Long> values = new HashMap<>();
            ppmTable.forEach((name, ppm) -> {
                long linux = kestrel.parse(name);
                if (linux != 0 || name.equals("AF_UNSPEC") || name.equals("PTRACE_TRACEME")) {
                    values.putIfAbsent(ppm, linux);
                }
            });
            return new FlagTranslation(true, false, new long[0], new long[0], Map.copyOf(values));
        }
        boolean file = tableName.equals("file_flags");
        long[] ppmBits = new long[ppmTable.size()];
        long[] linux = new long[ppmTable.size()];
        int n = 0;
        for (Map.Entry<String, Long> e : ppmTable.entrySet()) {
            long ppm = e.getValue();
            if (ppm == 0 || (file && ppm <= 3) || Long.bitCount(ppm) != 1) {
                continue;
            }
            long l = kestrel.parse(e.getKey());
            if (l == 0) {
                continue;
            }
            ppmBits[n] = ppm;
            linux[n] = l;
            n++;
        }
        return new FlagTranslation(false, file, Arrays.copyOf(ppmBits, n), Arrays.copyOf(linux, n),
                Map.of());
    }
}
