package dev.kestrel.sensor.scap;

/** IP addresses as libscap stores them (network byte order) rendered as text the way Falco prints them. */
final class Addresses {

    private Addresses() {
    }

    static String ipv4(byte[] b, int off) {
        return (b[off] & 0xFF) + "." + (b[off + 1] & 0xFF) + "." + (b[off + 2] & 0xFF) + "." + (b[off + 3] & 0xFF);
    }

    /** An IPv6 address; an IPv4-mapped one ({@code ::ffff:a.b.c.d}) prints as its IPv4 address. */
    static String ipv6(byte[] b, int off) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[off + i] == 0;
        }
        mapped &= (b[off + 10] & 0xFF) == 0xFF && (b[off + 11] & 0xFF) == 0xFF;
        if (mapped) {
            return ipv4(b, off + 12);
        }
        byte[] copy = new byte[16];
        System.arraycopy(b, off, copy, 0, 16);
        try {
            String s = java.net.InetAddress.getByAddress(copy).getHostAddress();
            return compress(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes is always a valid address
        }
    }

    /** Java prints {@code 0:0:0:0:0:0:0:1}; Falco prints the compressed {@code ::1}. */
    private static String compress(String full) {
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
        String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return left + "::" + right;
    }
}
