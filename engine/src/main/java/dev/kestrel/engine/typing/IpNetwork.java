package dev.kestrel.engine.typing;

import dev.kestrel.core.field.IpAddress;

/**
 * An address block {@code addr/len}: the literal of ipnet fields, where {@code =} means "inside".
 * Immutable and thread-safe; {@link #parse} returns null rather than throwing.
 */
public record IpNetwork(IpAddress base, int prefix) {

    /** Parses {@code 10.0.0.0/8} or {@code 2001:db8::/32}; null if the text is not one. */
    public static IpNetwork parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        IpAddress base = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (base == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int prefix = Integer.parseInt(len);
        if (prefix > (base.v6() ? 128 : 32)) {
            return null;
        }
        return new IpNetwork(base, prefix);
    }

    /** Whether {@code a} lies inside this block; addresses of the other family never do. */
    public boolean contains(IpAddress a) {
        if (a.v6() != base.v6()) {
            return false;
        }
        if (!a.v6()) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return (a.low() & mask) == (base.low() & mask);
        }
        long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long lowMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return (a.high() & highMask) == (base.high() & highMask) && (a.low() & lowMask) == (base.low() & lowMask);
    }
}
