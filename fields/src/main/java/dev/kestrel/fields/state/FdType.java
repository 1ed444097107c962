package dev.kestrel.fields.state;

/** The kinds of file descriptor Falco distinguishes, with their {@code fd.type} and {@code fd.typechar}. */
public enum FdType {
    FILE("file", "f"),
    DIRECTORY("directory", "d"),
    IPV4("ipv4", "4"),
    IPV6("ipv6", "6"),
    UNIX("unix", "u"),
    PIPE("pipe", "p"),
    EVENT("event", "e"),
    SIGNALFD("signalfd", "s"),
    EVENTPOLL("eventpoll", "l"),
    INOTIFY("inotify", "i"),
    TIMERFD("timerfd", "t"),
    NETLINK("netlink", "n"),
    BPF("bpf", "b"),
    USERFAULTFD("userfaultfd", "u"),
    IO_URING("io_uring", "r"),
    MEMFD("memfd", "m"),
    PIDFD("pidfd", "P"),
    UNKNOWN("unknown", "o");

    private final String text;
    private final String typechar;

    FdType(String text, String typechar) {
        this.text = text;
        this.typechar = typechar;
    }

    /** As printed by {@code fd.type}. */
    public String text() {
        return text;
    }

    /** As printed by {@code fd.typechar}. */
    public String typechar() {
        return typechar;
    }

    public boolean isSocket() {
        return this == IPV4 || this == IPV6 || this == UNIX || this == NETLINK;
    }

    public boolean isIp() {
        return this == IPV4 || this == IPV6;
    }
}
