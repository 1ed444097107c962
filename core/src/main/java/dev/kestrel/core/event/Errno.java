package dev.kestrel.core.event;

import java.util.HashMap;
import java.util.Map;

/** Linux errno names, for {@code evt.res} (a failed call prints e.g. {@code ENOENT}) and for sensors. */
public final class Errno {

    private static final String[] NAMES = new String[134];
    private static final Map<String, Integer> CODES = new HashMap<>();

    static {
        String table = "1 EPERM 2 ENOENT 3 ESRCH 4 EINTR 5 EIO 6 ENXIO 7 E2BIG 8 ENOEXEC 9 EBADF 10 ECHILD 11 EAGAIN "
                + "12 ENOMEM 13 EACCES 14 EFAULT 15 ENOTBLK 16 EBUSY 17 EEXIST 18 EXDEV 19 ENODEV 20 ENOTDIR "
                + "21 EISDIR 22 EINVAL 23 ENFILE 24 EMFILE 25 ENOTTY 26 ETXTBSY 27 EFBIG 28 ENOSPC 29 ESPIPE "
                + "30 EROFS 31 EMLINK 32 EPIPE 33 EDOM 34 ERANGE 35 EDEADLK 36 ENAMETOOLONG 37 ENOLCK 38 ENOSYS "
                + "39 ENOTEMPTY 40 ELOOP 42 ENOMSG 43 EIDRM 61 ENODATA 62 ETIME 71 EPROTO 75 EOVERFLOW "
                + "84 EILSEQ 87 EUSERS 88 ENOTSOCK 89 EDESTADDRREQ 90 EMSGSIZE 91 EPROTOTYPE 92 ENOPROTOOPT "
                + "93 EPROTONOSUPPORT 94 ESOCKTNOSUPPORT 95 EOPNOTSUPP 96 EPFNOSUPPORT 97 EAFNOSUPPORT "
                + "98 EADDRINUSE 99 EADDRNOTAVAIL 100 ENETDOWN 101 ENETUNREACH 102 ENETRESET 103 ECONNABORTED "
                + "104 ECONNRESET 105 ENOBUFS 106 EISCONN 107 ENOTCONN 108 ESHUTDOWN 109 ETOOMANYREFS "
                + "110 ETIMEDOUT 111 ECONNREFUSED 112 EHOSTDOWN 113 EHOSTUNREACH 114 EALREADY 115 EINPROGRESS "
                + "116 ESTALE 122 EDQUOT 125 ECANCELED 130 EOWNERDEAD 131 ENOTRECOVERABLE 132 ERFKILL 133 EHWPOISON";
        String[] t = table.split(" ");
        for (int i = 0; i < t.length; i += 2) {
            int code = Integer.parseInt(t[i]);
            NAMES[code] = t[i + 1];
            CODES.put(t[i + 1], code);
        }
        CODES.put("EWOULDBLOCK", 11);
        CODES.put("EDEADLOCK", 35);
        CODES.put("ENOTSUP", 95);
    }

    private Errno() {
    }

    /** The name of errno {@code code} (positive), or {@code E<code>} when unnamed. */
    public static String name(long code) {
        long c = Math.abs(code);
        if (c < NAMES.length && NAMES[(int) c] != null) {
            return NAMES[(int) c];
        }
        return "E" + c;
    }

    /** The positive errno for a name such as {@code ENOENT}, or 0 when unknown. */
    public static int code(String name) {
        Integer c = CODES.get(name);
        return c == null ? 0 : c;
    }
}
