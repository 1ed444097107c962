package dev.kestrel.core.event;

/** How a syscall parameter is stored in an {@link Event} and rendered for {@code evt.arg.NAME}. */
public enum ParamKind {
    /** A plain number. */
    NUMBER,
    /** A file descriptor number (-1 or negative errno on failure). */
    FD,
    /** A process or thread id. */
    PID,
    /** A user or group id. */
    UID,
    /** A return code: 0 or positive on success, a negative errno on failure. */
    ERRNO,
    /** A file mode, printed in octal. */
    MODE,
    /** Flags or an enumerated value with names ({@link FlagTable}); stored as number and text. */
    FLAGS,
    /** Free text. */
    TEXT,
    /** A file system path as the syscall received it. */
    PATH,
    /** A list of strings (argv, environment, cgroups). */
    LIST,
    /** A socket tuple {@code 10.0.0.1:4242->10.0.0.2:80} or a unix socket path. */
    TUPLE,
    /** A socket address {@code 10.0.0.2:80} or a unix socket path. */
    SOCKADDR;

    /** True for kinds stored as a number. */
    public boolean numeric() {
        return switch (this) {
            case NUMBER, FD, PID, UID, ERRNO, MODE, FLAGS -> true;
            default -> false;
        };
    }
}
