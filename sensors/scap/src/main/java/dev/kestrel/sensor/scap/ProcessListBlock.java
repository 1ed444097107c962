package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.sensor.proc.CgroupContainerId;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a process list block, every version libscap wrote (V1 to V9, and the pre-release numbers
 * of V1 to V3): one entry per thread, each turned into a {@link ProcessSnapshot}. V9 entries start
 * with their own length, so fields added after V9 are read when present and skipped when unknown,
 * as libscap does (including the two fields libs 0.10 inserted before the login uid).
 */
final class ProcessListBlock {

    static final int MAX_PATH = 1024;
    static final int MAX_ARGS = 4096;
    static final int MAX_ENV = 4096;
    static final int MAX_CGROUPS = 4096;
    /** Bytes of the fields libs before 0.10 wrote after the root (login uid, writable flag, three capability sets). */
    private static final int PRE_0_10_TAIL = 29;

    private ProcessListBlock() {
    }

    /** Reads every entry of a block of {@code version} and hands each snapshot to {@code out}. */
    static void read(BlockCursor c, int version, Consumer<ProcessSnapshot> out) throws BlockCursor.BadBlock {
        while (c.remaining() >= 4) {
            int entryStart = c.position();
            long entryLength = 0;
            int outerEnd = -1;
            if (version >= 9) {
                entryLength = c.u32("the process entry length");
                if (entryLength < 4 || entryLength > c.remaining() + 4L) {
                    throw new BlockCursor.BadBlock("a process entry says it is " + entryLength
                            + " bytes long, but the block has " + (c.remaining() + 4) + " left");
                }
                outerEnd = c.limit(entryStart + (int) entryLength);
            }
            out.accept(entry(c, version, entryLength > 0));
            if (outerEnd >= 0) {
                c.seek(entryStart + (int) entryLength);
                c.restoreLimit(outerEnd);
            }
        }
    }

    private static ProcessSnapshot entry(BlockCursor c, int version, boolean sized) throws BlockCursor.BadBlock {
        long tid = c.i64("tid");
        long pid = c.i64("pid");
        long ptid = c.i64("ptid");
        long sid = version >= 6 ? c.i64("sid") : -1;
        long vpgid = version >= 8 ? c.i64("vpgid") : -1;
        String comm = c.string16(MAX_PATH, "comm");
        String exe = c.string16(MAX_PATH, "exe");
        String exePath = version >= 7 ? c.string16(MAX_PATH, "exepath") : null;
        List<String> args = c.list16(MAX_ARGS, "args");
        String cwd = c.string16(MAX_PATH, "cwd");
        c.i64("fdlimit");
        c.u32("flags");
        long uid = c.u32("uid");
        long gid = c.u32("gid");
        List<String> env = List.of();
        long vpid = -1;
        List<String> cgroups = List.of();
        if (version >= 2) {
            c.u32("vmsize_kb");
            c.u32("vmrss_kb");
            c.u32("vmswap_kb");
            c.i64("pfmajor");
            c.i64("pfminor");
            if (version >= 3) {
                env = c.list16(MAX_ENV, "env");
            }
            if (version >= 4) {
                c.i64("vtid");
                vpid = c.i64("vpid");
                cgroups = c.list16(MAX_CGROUPS, "cgroups");
                if (version >= 5) {
                    c.string16(MAX_PATH, "root");
                }
            }
        }
        long tty = 0;
        long loginUid = -1;
        long capInheritable = -1;
        long capPermitted = -1;
        long capEffective = -1;
        long exeFlags = 0;
        long pgid = -1;
        if (sized) {
            if (c.remaining() > PRE_0_10_TAIL) {
                if (c.remaining() >= 8) {
                    c.i64("pidns_init_start_ts");
                }
                if (c.remaining() >= 4) {
                    tty = c.u32("tty");
                }
            }
            if (c.remaining() >= 4) {
                loginUid = id32(c.u32("loginuid"));
            }
            if (c.remaining() >= 1 && c.u8("exe_writable") != 0) {
                exeFlags |= 1;
            }
            if (c.remaining() >= 8) {
                capInheritable = c.i64("cap_inheritable");
            }
            if (c.remaining() >= 8) {
                capPermitted = c.i64("cap_permitted");
            }
            if (c.remaining() >= 8) {
                capEffective = c.i64("cap_effective");
            }
            if (c.remaining() >= 1 && c.u8("exe_upper_layer") != 0) {
                exeFlags |= 2;
            }
            for (String field : new String[] {"exe_ino", "exe_ino_ctime", "exe_ino_mtime"}) {
                if (c.remaining() >= 8) {
                    c.i64(field);
                }
            }
            if (c.remaining() >= 1 && c.u8("exe_from_memfd") != 0) {
                exeFlags |= 4;
            }
            if (c.remaining() >= 1 && c.u8("exe_lower_layer") != 0) {
                exeFlags |= 8;
            }
            if (c.remaining() >= 8) {
                pgid = c.i64("pgid");
            }
        }
        return new ProcessSnapshot(pid, tid, ptid, comm, exe, exePath == null || exePath.isEmpty() ? null : exePath,
                args, env, cwd, tty, id32(uid), id32(gid), id32(uid), loginUid, sid, pgid, vpid, vpgid,
                containerId(cgroups), 0, capNames(capEffective), capNames(capPermitted), capNames(capInheritable),
                exeFlags, List.of());
    }

    /** A capability set as names, or null when the entry has none ({@code -1}). */
    private static String capNames(long bits) {
        return bits == -1 ? null : Capabilities.names(bits);
    }

    /** A 32-bit id where all ones means "none" (-1), as libscap writes an unset login uid. */
    static long id32(long v) {
        return v == 0xFFFFFFFFL ? -1 : v;
    }

    /** The container named by cgroup entries such as {@code cpuset=/docker/<id>}, or null on the host. */
    static String containerId(List<String> cgroups) {
        for (String entry : cgroups) {
            int eq = entry.indexOf('=');
            CgroupContainerId.ContainerRef ref = CgroupContainerId.fromPath(eq < 0 ? entry : entry.substring(eq + 1));
            if (!ref.host()) {
                return ref.id();
            }
        }
        return null;
    }
}
