package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.FdSnapshot;
import java.util.function.Consumer;

/**
 * Reads an fd list block (V1 and V2): the thread id, then one entry per open fd, each turned into an
 * {@link FdSnapshot}. V2 entries start with their own length, so fields added later are skipped;
 * an fd type this reader does not know is read as {@code unknown} when the entry is sized, and is
 * an error when it is not (the rest of the block could not be found).
 */
final class FdListBlock {

    private FdListBlock() {
    }

    static void read(BlockCursor c, boolean sized, FlagTranslation openFlags, Consumer<FdSnapshot> out)
            throws BlockCursor.BadBlock {
        long tid = c.i64("the fd list's thread id");
        while (c.remaining() >= 4) {
            int entryStart = c.position();
            long entryLength = 0;
            int outerEnd = -1;
            if (sized) {
                entryLength = c.u32("the fd entry length");
                if (entryLength < 4 || entryLength > c.remaining() + 4L) {
                    throw new BlockCursor.BadBlock("an fd entry says it is " + entryLength
                            + " bytes long, but the block has " + (c.remaining() + 4) + " left");
                }
                outerEnd = c.limit(entryStart + (int) entryLength);
            }
            out.accept(entry(c, tid, sized, openFlags));
            if (outerEnd >= 0) {
                c.seek(entryStart + (int) entryLength);
                c.restoreLimit(outerEnd);
            }
        }
    }

    private static FdSnapshot entry(BlockCursor c, long tid, boolean sized, FlagTranslation openFlags)
            throws BlockCursor.BadBlock {
        long fd = c.i64("fd");
        long ino = c.i64("ino");
        int type = c.u8("fd type");
        switch (type) {
            case 3 -> { // IPv4 socket
                String sip = ipv4(c, "source address");
                String dip = ipv4(c, "destination address");
                int sport = c.u16("source port");
                int dport = c.u16("destination port");
                String l4 = l4(c.u8("protocol"));
                String tuple = sip + ":" + sport + "->" + dip + ":" + dport;
                return new FdSnapshot(tid, fd, "ipv4", tuple, 0, ino, tuple, l4);
            }
            case 5 -> { // IPv4 server socket
                String ip = ipv4(c, "address");
                int port = c.u16("port");
                String l4 = l4(c.u8("protocol"));
                String name = ip + ":" + port;
                return new FdSnapshot(tid, fd, "ipv4", name, 0, ino, name, l4);
            }
            case 4 -> { // IPv6 socket
                String sip = ipv6(c, "source address");
                String dip = ipv6(c, "destination address");
                int sport = c.u16("source port");
                int dport = c.u16("destination port");
                String l4 = l4(c.u8("protocol"));
                String tuple = sip + ":" + sport + "->" + dip + ":" + dport;
                return new FdSnapshot(tid, fd, "ipv6", tuple, 0, ino, tuple, l4);
            }
            case 6 -> { // IPv6 server socket
                String ip = ipv6(c, "address");
                int port = c.u16("port");
                String l4 = l4(c.u8("protocol"));
                String name = ip + ":" + port;
                return new FdSnapshot(tid, fd, "ipv6", name, 0, ino, name, l4);
            }
            case 8 -> { // unix socket
                c.i64("unix socket source");
                c.i64("unix socket destination");
                String path = c.string16(ProcessListBlock.MAX_PATH - 1, "unix socket path");
                return new FdSnapshot(tid, fd, "unix", path, 0, ino, null, null);
            }
            case 16 -> { // file with open flags
                long flags = c.u32("open flags");
                String path = c.string16(ProcessListBlock.MAX_PATH - 1, "file name");
                if (sized && c.remaining() >= 4) {
                    c.u32("dev");
                }
                long linux = openFlags.toLinux(flags);
                boolean dir = (linux & 0200000) != 0;
                return new FdSnapshot(tid, fd, dir ? "directory" : "file", path, linux, ino, null, null);
            }
            case 0 -> {
                return new FdSnapshot(tid, fd, "unknown", "", 0, ino, null, null);
            }
            default -> {
                String kind = kind(type);
                if (kind == null) {
                    if (!sized) {
                        throw new BlockCursor.BadBlock("fd " + fd + " has type " + type
                                + ", which this reader does not know, in an entry without a length");
                    }
                    return new FdSnapshot(tid, fd, "unknown", "unknown-type:[" + type + "]", 0, ino, null, null);
                }
                String name = c.string16(ProcessListBlock.MAX_PATH - 1, "fd name");
                return new FdSnapshot(tid, fd, kind, name, 0, ino, null, null);
            }
        }
    }

    /** The {@code fd.type} of the libscap fd types that carry only a name; null for others. */
    private static String kind(int type) {
        return switch (type) {
            case 1 -> "file";
            case 2 -> "directory";
            case 7 -> "pipe";
            case 9 -> "event";
            case 10 -> "unknown";
            case 11 -> "signalfd";
            case 12 -> "eventpoll";
            case 13 -> "inotify";
            case 14 -> "timerfd";
            case 15 -> "netlink";
            case 17 -> "bpf";
            case 18 -> "userfaultfd";
            case 19 -> "io_uring";
            case 20 -> "memfd";
            case 21 -> "pidfd";
            default -> null;
        };
    }

    private static String l4(int proto) {
        return switch (proto) {
            case 2 -> "tcp";
            case 3 -> "udp";
            case 4 -> "icmp";
            case 5 -> "raw";
            default -> null;
        };
    }

    private static String ipv4(BlockCursor c, String what) throws BlockCursor.BadBlock {
        byte[] b = c.bytes(4, what);
        return Addresses.ipv4(b, 0);
    }

    private static String ipv6(BlockCursor c, String what) throws BlockCursor.BadBlock {
        byte[] b = c.bytes(16, what);
        return Addresses.ipv6(b, 0);
    }
}
