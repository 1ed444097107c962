package dev.kestrel.core.event;

/**
 * An fd a process already had open when a recording started (a capture file's fd list), so events
 * on it show its name from the first one on. Immutable; text components may be null when unknown.
 *
 * @param pid the process (thread group) that owns the fd table, or one of its threads
 * @param fd the fd number
 * @param type the kind of fd as {@code fd.type} prints it: {@code file}, {@code directory},
 *             {@code ipv4}, {@code ipv6}, {@code unix}, {@code pipe}, {@code event}, {@code signalfd},
 *             {@code eventpoll}, {@code inotify}, {@code timerfd}, {@code netlink}, {@code bpf},
 *             {@code userfaultfd}, {@code io_uring}, {@code memfd}, {@code pidfd} or {@code unknown}
 * @param name the path of a file, the path of a unix socket, or the name shown for other kinds
 * @param openFlags the Linux open flags of a file ({@link FlagTable#OPEN} numbers), 0 when unknown
 * @param ino the inode number, 0 when unknown
 * @param tuple for a socket, {@code CLIENT_IP:PORT->SERVER_IP:PORT}; for a listening socket
 *              {@code SERVER_IP:PORT} alone; null for other kinds
 * @param l4proto {@code tcp}, {@code udp}, {@code icmp}, {@code raw}, or null
 */
public record FdSnapshot(long pid, long fd, String type, String name, long openFlags, long ino, String tuple,
                         String l4proto) {
}
