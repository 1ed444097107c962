package dev.kestrel.sensor.scap;

import dev.kestrel.core.field.IpAddress;

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
        long high = Long.reverseBytes(LittleEndian.i64(b, off));
        long low = Long.reverseBytes(LittleEndian.i64(b, off + 8));
        return new IpAddress(true, high, low).toString();
    }
}
