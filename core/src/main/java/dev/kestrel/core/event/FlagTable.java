package dev.kestrel.core.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names for the numeric values of a syscall parameter, with Linux x86-64 values: bit sets such as
 * open flags ({@code O_WRONLY|O_CREAT}) or single values such as socket families ({@code AF_INET}).
 * Parses the text a sensor gives (names joined by {@code |}, or a number) and renders numbers back to
 * the text Falco prints for {@code evt.arg.NAME}.
 */
public final class FlagTable {

    /** open/openat/openat2 flags; the access mode lives in the two low bits. */
    public static final FlagTable OPEN = bits("O_RDONLY", 0, "O_WRONLY", 1, "O_RDWR", 2, "O_CREAT", 0100,
            "O_EXCL", 0200, "O_NOCTTY", 0400, "O_TRUNC", 01000, "O_APPEND", 02000, "O_NONBLOCK", 04000,
            "O_DSYNC", 010000, "O_ASYNC", 020000, "O_DIRECT", 040000, "O_LARGEFILE", 0100000,
            "O_DIRECTORY", 0200000, "O_NOFOLLOW", 0400000, "O_NOATIME", 01000000, "O_CLOEXEC", 02000000,
            "O_SYNC", 04010000, "O_PATH", 010000000, "O_TMPFILE", 020200000);
    /** clone/clone3/unshare flags. */
    public static final FlagTable CLONE = bits("CLONE_VM", 0x100, "CLONE_FS", 0x200, "CLONE_FILES", 0x400,
            "CLONE_SIGHAND", 0x800, "CLONE_PIDFD", 0x1000, "CLONE_PTRACE", 0x2000, "CLONE_VFORK", 0x4000,
            "CLONE_PARENT", 0x8000, "CLONE_THREAD", 0x10000, "CLONE_NEWNS", 0x20000, "CLONE_SYSVSEM", 0x40000,
            "CLONE_SETTLS", 0x80000, "CLONE_PARENT_SETTID", 0x100000, "CLONE_CHILD_CLEARTID", 0x200000,
            "CLONE_DETACHED", 0x400000, "CLONE_UNTRACED", 0x800000, "CLONE_CHILD_SETTID", 0x1000000,
            "CLONE_NEWCGROUP", 0x2000000, "CLONE_NEWUTS", 0x4000000, "CLONE_NEWIPC", 0x8000000,
            "CLONE_NEWUSER", 0x10000000, "CLONE_NEWPID", 0x20000000, "CLONE_NEWNET", 0x40000000,
            "CLONE_IO", 0x80000000L);
    /** Socket address families (one value). */
    public static final FlagTable FAMILY = values("AF_UNSPEC", 0, "AF_UNIX", 1, "AF_LOCAL", 1, "AF_INET", 2,
            "AF_INET6", 10, "AF_NETLINK", 16, "AF_PACKET", 17, "AF_BLUETOOTH", 31, "AF_ALG", 38, "AF_VSOCK", 40);
    /** ptrace requests (one value). */
    public static final FlagTable PTRACE = values("PTRACE_TRACEME", 0, "PTRACE_PEEKTEXT", 1, "PTRACE_PEEKDATA", 2,
            "PTRACE_PEEKUSR", 3, "PTRACE_POKETEXT", 4, "PTRACE_POKEDATA", 5, "PTRACE_POKEUSR", 6, "PTRACE_CONT", 7,
            "PTRACE_KILL", 8, "PTRACE_SINGLESTEP", 9, "PTRACE_GETREGS", 12, "PTRACE_SETREGS", 13,
            "PTRACE_GETFPREGS", 14, "PTRACE_SETFPREGS", 15, "PTRACE_ATTACH", 16, "PTRACE_DETACH", 17,
            "PTRACE_SYSCALL", 24, "PTRACE_SETOPTIONS", 0x4200, "PTRACE_GETEVENTMSG", 0x4201,
            "PTRACE_GETSIGINFO", 0x4202, "PTRACE_SETSIGINFO", 0x4203, "PTRACE_GETREGSET", 0x4204,
            "PTRACE_SETREGSET", 0x4205, "PTRACE_SEIZE", 0x4206, "PTRACE_INTERRUPT", 0x4207, "PTRACE_LISTEN", 0x4208);
    /** mmap/mprotect protection bits. */
    public static final FlagTable PROT = bits("PROT_NONE", 0, "PROT_READ", 1, "PROT_WRITE", 2, "PROT_EXEC", 4);
    /** Falco's execve exit flags describing the executable. */
    public static final FlagTable EXE = bits("EXE_WRITABLE", 1, "EXE_UPPER_LAYER", 2, "EXE_FROM_MEMFD", 4,
            "EXE_LOWER_LAYER", 8);
    /** *at() flags (unlinkat, linkat). */
    public static final FlagTable AT = bits("AT_SYMLINK_NOFOLLOW", 0x100, "AT_REMOVEDIR", 0x200,
            "AT_SYMLINK_FOLLOW", 0x400, "AT_EMPTY_PATH", 0x1000);

    private final boolean bitSet;
    private final Map<String, Long> byName;
    private final String[] names;
    private final long[] codes;

    private FlagTable(boolean bitSet, Object... pairs) {
        this.bitSet = bitSet;
        Map<String, Long> m = new LinkedHashMap<>();
        names = new String[pairs.length / 2];
        codes = new long[pairs.length / 2];
        for (int i = 0; i < pairs.length; i += 2) {
            long v = ((Number) pairs[i + 1]).longValue();
            m.put((String) pairs[i], v);
            names[i / 2] = (String) pairs[i];
            codes[i / 2] = v;
        }
        byName = Map.copyOf(m);
    }

    private static FlagTable bits(Object... pairs) {
        return new FlagTable(true, pairs);
    }

    private static FlagTable values(Object... pairs) {
        return new FlagTable(false, pairs);
    }

    /** The table named in an event-type parameter spec ({@code flags/open}), or null. */
    static FlagTable named(String name) {
        return switch (name) {
            case "open" -> OPEN;
            case "clone" -> CLONE;
            case "family" -> FAMILY;
            case "ptrace" -> PTRACE;
            case "prot" -> PROT;
            case "exe" -> EXE;
            case "at" -> AT;
            default -> null;
        };
    }

    /**
     * The number for {@code text}: names joined by {@code |} (unknown names are ignored), or a
     * decimal, {@code 0x} hex or leading-zero octal number.
     */
    public long parse(String text) {
        long v = 0;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int bar = text.indexOf('|', start);
            int end = bar < 0 ? n : bar;
            String part = text.substring(start, end).trim();
            if (!part.isEmpty()) {
                Long code = byName.get(part);
                if (code != null) {
                    v |= code;
                } else {
                    v |= parseNumber(part);
                }
            }
            if (bar < 0) {
                break;
            }
            start = bar + 1;
        }
        return v;
    }

    private static long parseNumber(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return Long.parseUnsignedLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Renders {@code value} as Falco prints it: names joined by {@code |}, or the number if unnamed. */
    public String render(long value) {
        StringBuilder sb = new StringBuilder();
        if (!bitSet) {
            for (int i = 0; i < names.length; i++) {
                if (codes[i] == value) {
                    return names[i];
                }
            }
            return Long.toString(value);
        }
        long rest = value;
        if (this == OPEN) {
            long mode = value & 3;
            sb.append(mode == 0 ? "O_RDONLY" : mode == 1 ? "O_WRONLY" : "O_RDWR");
            rest &= ~3L;
        }
        for (int i = 0; i < names.length; i++) {
            long c = codes[i];
            if (c == 0 || (this == OPEN && c <= 2)) {
                continue;
            }
            if ((rest & c) == c) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(names[i]);
                rest &= ~c;
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Long.toHexString(rest));
        }
        if (sb.length() == 0) {
            sb.append(names.length > 0 && codes[0] == 0 ? names[0] : "0");
        }
        return sb.toString();
    }
}
