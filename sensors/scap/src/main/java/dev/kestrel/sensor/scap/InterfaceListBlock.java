package dev.kestrel.sensor.scap;

/**
 * Checks an interface list block (V1 and V2: IPv4 and IPv6 addresses, with and without link speed)
 * and counts its entries. Kestrel keeps no interface table, so the addresses are not delivered.
 */
final class InterfaceListBlock {

    private static final int IPV4 = 1;
    private static final int IPV6 = 2;
    private static final int IPV4_NO_LINK_SPEED = 3;
    private static final int IPV6_NO_LINK_SPEED = 4;

    private InterfaceListBlock() {
    }

    /** The number of interface addresses in the block. */
    static int count(BlockCursor c, boolean sized) throws BlockCursor.BadBlock {
        int n = 0;
        while (c.remaining() >= 4) {
            int start = c.position();
            long declared = sized ? c.u32("the interface entry length") : -1;
            int type = c.u16("interface type");
            int nameLength = c.u16("interface name length");
            if (nameLength >= ProcessListBlock.MAX_PATH) {
                throw new BlockCursor.BadBlock("an interface name is " + nameLength + " bytes long");
            }
            int fixed = switch (type) {
                case IPV4 -> 4 + 4 + 4 + 8;
                case IPV4_NO_LINK_SPEED -> 4 + 4 + 4;
                case IPV6 -> 16 * 3 + 8;
                case IPV6_NO_LINK_SPEED -> 16 * 3;
                default -> throw new BlockCursor.BadBlock("unknown interface type " + type);
            };
            c.skip(fixed + nameLength, "an interface entry");
            if (sized) {
                int end = start + 4 + (int) Math.min(declared, Integer.MAX_VALUE - 8);
                if (declared < 0 || end < c.position() || end - c.position() > c.remaining()) {
                    throw new BlockCursor.BadBlock("an interface entry says it is " + declared + " bytes long");
                }
                c.seek(end);
            }
            n++;
        }
        return n;
    }
}
