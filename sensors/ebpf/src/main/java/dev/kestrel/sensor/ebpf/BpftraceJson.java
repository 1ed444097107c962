package dev.kestrel.sensor.ebpf;

/**
 * Reads the lines {@code bpftrace -f json} prints: {@code {"type": "printf", "data": "..."}} and the
 * few others ({@code attached_probes}, {@code lost_events}). Written for that one shape, so the hot
 * path decodes a line without a general JSON parser. Stateless.
 */
final class BpftraceJson {

    private static final String PRINTF = "{\"type\": \"printf\", \"data\": \"";

    private BpftraceJson() {
    }

    /** The text a {@code printf} line carries, unescaped and without its final newline; null for any other line. */
    static String printfData(String line) {
        if (!line.startsWith(PRINTF)) {
            return null;
        }
        int end = line.lastIndexOf('"');
        if (end < PRINTF.length()) {
            return null;
        }
        String raw = line.substring(PRINTF.length(), end);
        String text = raw.indexOf('\\') < 0 ? raw : unescape(raw);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** The line's {@code type} value, or null when the line is not one of bpftrace's JSON objects. */
    static String type(String line) {
        String key = "{\"type\": \"";
        if (!line.startsWith(key)) {
            return null;
        }
        int end = line.indexOf('"', key.length());
        return end < 0 ? null : line.substring(key.length(), end);
    }

    /** The first number after {@code "name": } in the line, or -1. */
    static long number(String line, String name) {
        String key = "\"" + name + "\": ";
        int at = line.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        int j = i;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            j++;
        }
        try {
            return Long.parseLong(line.substring(i, j));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** JSON string escapes to characters. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 < s.length()) {
                        try {
                            b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException e) {
                            b.append("\\u");
                        }
                    } else {
                        b.append("\\u");
                    }
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
