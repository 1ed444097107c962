package dev.kestrel.core.field;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address as two longs, so it can be compared and hashed without byte arrays.
 * IPv4 addresses keep {@code high == 0} and the address in the low 32 bits of {@code low}.
 */
public record IpAddress(boolean v6, long high, long low) {

    /** Parses a numeric IPv4 ({@code 1.2.3.4}) or IPv6 ({@code ::1}) address; null if it is not one. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        String t = text;
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
            if (!ok) {
                return null;
            }
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            if (b.length == 4) {
                return new IpAddress(false, 0, toLong(b, 0, 4));
            }
            return new IpAddress(true, toLong(b, 0, 8), toLong(b, 8, 8));
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static IpAddress parseV4(String text) {
        return parseV4(text, 0, text.length());
    }

    /**
     * The dotted-quad IPv4 address that is exactly {@code text[from, to)} (four decimal parts of at
     * most 255, no blanks), or null. Reads no other character and allocates only the result.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code text}
     */
    public static IpAddress parseV4(String text, int from, int to) {
        Objects.checkFromToIndex(from, to, text.length());
        long value = 0;
        int parts = 0;
        int current = -1;
        for (int i = from; i <= to; i++) {
            char c = i == to ? '.' : text.charAt(i);
            if (c == '.') {
                if (current < 0 || current > 255) {
                    return null;
                }
                value = (value << 8) | current;
                parts++;
                current = -1;
            } else if (c >= '0' && c <= '9') {
                current = current < 0 ? c - '0' : current * 10 + (c - '0');
                if (current > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return parts == 4 ? new IpAddress(false, 0, value) : null;
    }

    private static long toLong(byte[] b, int from, int len) {
        long v = 0;
        for (int i = from; i < from + len; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** An IPv4 address from its 32-bit value. */
    public static IpAddress ofV4(int address) {
        return new IpAddress(false, 0, address & 0xffffffffL);
    }

    @Override
    public String toString() {
        if (!v6) {
            return ((low >>> 24) & 0xff) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "." + (low & 0xff);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            String s = InetAddress.getByAddress(b).getHostAddress();
            return compressV6(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compressV6(String full) {
        // InetAddress prints 0:0:0:0:0:0:0:1; Falco prints the compressed form ::1.
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            sb.append(groups[i]).append(i + 1 < bestStart ? ":" : "");
        }
        sb.append("::");
        for (int i = bestStart + bestLen; i < groups.length; i++) {
            sb.append(groups[i]).append(i + 1 < groups.length ? ":" : "");
        }
        return sb.toString();
    }
}
