package dev.kestrel.bench.baseline;

import dev.kestrel.core.field.IpAddress;

/** An address range written {@code addr/len}, as the baseline compares ipnet fields against it. */
public record IpNetwork(IpAddress base, int prefixLength) {

    /** Parses {@code 10.0.0.0/8} or {@code fe80::/10}; null if the text is not a network. */
    public static IpNetwork parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        IpAddress base = IpAddress.parse(text.substring(0, slash));
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (base == null || length < 0 || length > (base.v6() ? 128 : 32)) {
            return null;
        }
        return new IpNetwork(base, length);
    }

    /** Whether {@code address} is inside this network (false across address families). */
    public boolean contains(IpAddress address) {
        if (address == null || address.v6() != base.v6()) {
            return false;
        }
        if (!base.v6()) {
            long mask = prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
            return (address.low() & mask) == (base.low() & mask);
        }
        long highMask = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
        int lowBits = Math.max(0, prefixLength - 64);
        long lowMask = lowBits == 0 ? 0 : -1L << (64 - lowBits);
        return (address.high() & highMask) == (base.high() & highMask)
                && (address.low() & lowMask) == (base.low() & lowMask);
    }
}
