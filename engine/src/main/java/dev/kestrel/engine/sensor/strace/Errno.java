package dev.kestrel.engine.sensor.strace;

import java.util.Map;

/**
 * Linux error numbers by the names strace prints, so a failed call gets the raw result Falco
 * reports ({@code evt.rawres = -115} for {@code EINPROGRESS}). The numbers are the generic Linux
 * ones shared by x86-64 and arm64.
 */
final class Errno {

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("EPERM", 1), Map.entry("ENOENT", 2), Map.entry("ESRCH", 3), Map.entry("EINTR", 4),
            Map.entry("EIO", 5), Map.entry("ENXIO", 6), Map.entry("E2BIG", 7), Map.entry("ENOEXEC", 8),
            Map.entry("EBADF", 9), Map.entry("ECHILD", 10), Map.entry("EAGAIN", 11), Map.entry("ENOMEM", 12),
            Map.entry("EACCES", 13), Map.entry("EFAULT", 14), Map.entry("EBUSY", 16), Map.entry("EEXIST", 17),
            Map.entry("EXDEV", 18), Map.entry("ENODEV", 19), Map.entry("ENOTDIR", 20), Map.entry("EISDIR", 21),
            Map.entry("EINVAL", 22), Map.entry("ENFILE", 23), Map.entry("EMFILE", 24), Map.entry("ENOTTY", 25),
            Map.entry("ETXTBSY", 26), Map.entry("EFBIG", 27), Map.entry("ENOSPC", 28), Map.entry("ESPIPE", 29),
            Map.entry("EROFS", 30), Map.entry("EMLINK", 31), Map.entry("EPIPE", 32), Map.entry("ERANGE", 34),
            Map.entry("EDEADLK", 35), Map.entry("ENAMETOOLONG", 36), Map.entry("ENOSYS", 38),
            Map.entry("ENOTEMPTY", 39), Map.entry("ELOOP", 40), Map.entry("ENOTSOCK", 88),
            Map.entry("EDESTADDRREQ", 89), Map.entry("EMSGSIZE", 90), Map.entry("EPROTOTYPE", 91),
            Map.entry("EPROTONOSUPPORT", 93), Map.entry("EOPNOTSUPP", 95), Map.entry("EAFNOSUPPORT", 97),
            Map.entry("EADDRINUSE", 98), Map.entry("EADDRNOTAVAIL", 99), Map.entry("ENETDOWN", 100),
            Map.entry("ENETUNREACH", 101), Map.entry("ECONNABORTED", 103), Map.entry("ECONNRESET", 104),
            Map.entry("ENOBUFS", 105), Map.entry("EISCONN", 106), Map.entry("ENOTCONN", 107),
            Map.entry("ETIMEDOUT", 110), Map.entry("ECONNREFUSED", 111), Map.entry("EHOSTUNREACH", 113),
            Map.entry("EALREADY", 114), Map.entry("EINPROGRESS", 115), Map.entry("ERESTARTSYS", 512),
            Map.entry("ERESTARTNOINTR", 513), Map.entry("ERESTARTNOHAND", 514));

    private Errno() {
    }

    /** The kernel's raw result for a call that failed with {@code name}: minus its number, or -1 if unknown. */
    static long rawResult(String name) {
        Integer n = name == null ? null : NUMBERS.get(name);
        return n == null ? -1 : -n;
    }
}
