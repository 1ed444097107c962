package dev.kestrel.sensor.proc;

/**
 * What the bootstrap takes from {@code /proc/PID/status}: user and group ids, capability sets and the
 * ids inside the innermost PID namespace. Each value is -1 when its line is missing or unreadable.
 *
 * @param uid real user id (first field of {@code Uid:})
 * @param euid effective user id (second field of {@code Uid:}): what Falco shows as {@code user.uid}
 * @param gid real group id (first field of {@code Gid:})
 * @param egid effective group id (second field of {@code Gid:}): what Falco shows as {@code group.gid}
 * @param capInheritable the {@code CapInh:} bits
 * @param capPermitted the {@code CapPrm:} bits
 * @param capEffective the {@code CapEff:} bits
 * @param vpid the process id in its innermost PID namespace (last field of {@code NStgid:})
 * @param vpgid the process group id there (last field of {@code NSpgid:})
 */
public record ProcStatus(long uid, long euid, long gid, long egid, long capInheritable, long capPermitted,
                         long capEffective, long vpid, long vpgid) {

    /** Nothing known. */
    public static final ProcStatus UNKNOWN = new ProcStatus(-1, -1, -1, -1, -1, -1, -1, -1, -1);

    /** Only the ids known: real and effective the same, no capabilities, no namespace ids. */
    public static ProcStatus ofIds(long uid, long gid) {
        return new ProcStatus(uid, uid, gid, gid, -1, -1, -1, -1, -1);
    }

    /** These ids and capabilities without the namespace ids (for another process, whose own are not known). */
    public ProcStatus withoutNamespaceIds() {
        return new ProcStatus(uid, euid, gid, egid, capInheritable, capPermitted, capEffective, -1, -1);
    }

    /** The values of the text of a {@code status} file; lines it does not know are skipped. */
    public static ProcStatus parse(String text) {
        long[] uids = {-1, -1};
        long[] gids = {-1, -1};
        long capInh = -1;
        long capPrm = -1;
        long capEff = -1;
        long vpid = -1;
        long vpgid = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("Uid:")) {
                uids = firstTwo(line);
            } else if (line.startsWith("Gid:")) {
                gids = firstTwo(line);
            } else if (line.startsWith("CapInh:")) {
                capInh = hex(line);
            } else if (line.startsWith("CapPrm:")) {
                capPrm = hex(line);
            } else if (line.startsWith("CapEff:")) {
                capEff = hex(line);
            } else if (line.startsWith("NStgid:")) {
                vpid = last(line);
            } else if (line.startsWith("NSpgid:")) {
                vpgid = last(line);
            }
        }
        return new ProcStatus(uids[0], uids[1], gids[0], gids[1], capInh, capPrm, capEff, vpid, vpgid);
    }

    private static String[] values(String line) {
        return line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    }

    private static long[] firstTwo(String line) {
        String[] parts = values(line);
        return new long[] {ProcScanner.number(parts[0]), parts.length > 1 ? ProcScanner.number(parts[1]) : -1};
    }

    private static long last(String line) {
        String[] parts = values(line);
        return ProcScanner.number(parts[parts.length - 1]);
    }

    /** A capability mask: 16 hexadecimal digits (the kernel defines 41 bits, so all 64 set, -1, never occurs). */
    private static long hex(String line) {
        try {
            return Long.parseUnsignedLong(values(line)[0], 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
