package dev.kestrel.fields.state;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;

/**
 * How fd events change a process's fd table, after libsinsp: opens add files (a failed open shows
 * as fd -1), every call that makes an fd records its close-on-exec flag for the exec, sockets gain
 * endpoints on connect, accept, bind and sendto, close and dup remove and copy entries (a dup of an fd
 * the table does not know forgets the fd it returned); every other event carrying an {@code fd}
 * parameter points the context at that fd.
 */
final class FdEvents {

    private static final long O_DIRECTORY = 0200000;
    private static final long O_CLOEXEC = 02000000;
    /** {@code SOCK_CLOEXEC}, and the close-on-exec flag of eventfd2, signalfd4, epoll_create1, inotify_init1, timerfd_create. */
    private static final long SOCK_CLOEXEC = O_CLOEXEC;
    private static final long MFD_CLOEXEC = 1;
    private static final int F_DUPFD = 0;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private final SystemState state;
    private final SocketTupleCache tuples = new SocketTupleCache();
    private final PathSplitCache paths = new PathSplitCache();

    FdEvents(SystemState state) {
        this.state = state;
    }

    void apply(Event e, StateContext ctx) {
        ProcessInfo p = ctx.process;
        EventType type = e.type();
        long ret = e.returnValue();
        switch (type) {
            case OPEN, OPENAT, OPENAT2, CREAT -> open(e, p, ret);
            case CLOSE -> {
                long fd = e.number(Slots.FD[type.ordinal()], -1);
                FdInfo info = ret >= 0 ? p.fds.remove(fd) : p.fds.get(fd);
                use(info, fd);
            }
            case DUP, DUP2, DUP3 -> {
                long oldFd = e.number(Slots.OLDFD[type.ordinal()], -1);
                FdInfo info = lookup(p, oldFd);
                if (info != null && ret >= 0 && ret != oldFd) {
                    FdInfo copy = info.copy();
                    long flags = copy.openFlags() & ~O_CLOEXEC;
                    if (type == EventType.DUP3 && (e.number(Slots.FLAGS[type.ordinal()], 0) & O_CLOEXEC) != 0) {
                        flags |= O_CLOEXEC;
                    }
                    copy.setOpenFlags(flags);
                    state.addFd(p, ret, copy);
                } else if (info == null && ret >= 0 && ret != oldFd) {
                    // The new fd holds a file this table never saw (libsinsp keeps what it held before,
                    // which names the wrong file): it is forgotten instead.
                    p.fds.remove(ret);
                }
                use(info, oldFd);
            }
            case FCNTL -> {
                long fd = e.number(Slots.FD[type.ordinal()], -1);
                FdInfo info = lookup(p, fd);
                long cmd = e.number(Slots.CMD[type.ordinal()], -1);
                if (info != null && ret >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)) {
                    FdInfo copy = info.copy();
                    copy.setOpenFlags(cmd == F_DUPFD_CLOEXEC ? copy.openFlags() | O_CLOEXEC : copy.openFlags() & ~O_CLOEXEC);
                    state.addFd(p, ret, copy);
                }
                use(info, fd);
            }
            case SOCKET -> socket(e, p, ret);
            case CONNECT -> connect(e, p, ret);
            case ACCEPT, ACCEPT4 -> accept(e, p, ret);
            case BIND -> {
                long fd = e.number(Slots.FD[type.ordinal()], -1);
                FdInfo info = lookup(p, fd);
                SocketTuple addr = tuples.parse(e.text(Slots.ADDR[type.ordinal()]));
                if (info != null && ret >= 0 && addr != null && !addr.isUnix()) {
                    info.setServer(addr.serverIp(), addr.serverPort());
                    info.setRole(FdInfo.Role.SERVER);
                }
                use(info, fd);
            }
            case LISTEN -> {
                long fd = e.number(Slots.FD[type.ordinal()], -1);
                FdInfo info = lookup(p, fd);
                if (info != null && ret >= 0) {
                    info.setRole(FdInfo.Role.SERVER);
                }
                use(info, fd);
            }
            case SENDTO, SENDMSG, RECVFROM, RECVMSG -> {
                long fd = e.number(Slots.FD[type.ordinal()], -1);
                FdInfo info = lookup(p, fd);
                String text = e.text(Slots.TUPLE[type.ordinal()]);
                if (info != null && text != null && !info.connected()) {
                    SocketTuple t = tuples.parse(text);
                    if (t != null && !t.isUnix()) {
                        if (info.role() == FdInfo.Role.UNKNOWN) {
                            info.setRole(type == EventType.SENDTO || type == EventType.SENDMSG
                                    ? FdInfo.Role.CLIENT : FdInfo.Role.SERVER);
                        }
                        info.setEndpoints(t.clientIp(), t.clientPort(), t.serverIp(), t.serverPort());
                        info.setName(text, text, ctxNum());
                    }
                }
                use(info, fd);
            }
            case PIPE, PIPE2 -> {
                if (ret >= 0) {
                    long ino = e.number(Slots.INO[type.ordinal()], 0);
                    String name = ino > 0 ? "pipe:[" + ino + "]" : "";
                    addPair(e, p, FdType.PIPE, name, closeOnExec(e, Slots.FLAGS, O_CLOEXEC));
                }
            }
            case SOCKETPAIR -> {
                if (ret >= 0) {
                    addPair(e, p, FdType.UNIX, "", closeOnExec(e, Slots.TYPE, SOCK_CLOEXEC));
                }
            }
            case EVENTFD, EVENTFD2 -> created(p, ret, FdType.EVENT, "", closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC));
            case SIGNALFD, SIGNALFD4 -> created(p, ret, FdType.SIGNALFD, "", closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC));
            case EPOLL_CREATE, EPOLL_CREATE1 -> created(p, ret, FdType.EVENTPOLL, "", closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC));
            case INOTIFY_INIT, INOTIFY_INIT1 -> created(p, ret, FdType.INOTIFY, "", closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC));
            case TIMERFD_CREATE -> created(p, ret, FdType.TIMERFD, "", closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC));
            case BPF -> created(p, ret, FdType.BPF, "", 0);
            case MEMFD_CREATE -> {
                String name = e.text(Slots.NAME[type.ordinal()]);
                created(p, ret, FdType.MEMFD, "memfd:" + (name == null ? "" : name), closeOnExec(e, Slots.FLAGS, MFD_CLOEXEC));
            }
            default -> {
                int slot = Slots.FD[type.ordinal()];
                if (slot >= 0 && e.hasNumber(slot)) {
                    long fd = e.number(slot, -1);
                    use(lookup(p, fd), fd);
                }
            }
        }
    }

    /**
     * An enter event changes no table (its exit does); it only points the context at the fd its
     * {@code fd} parameter names, as libsinsp does for the enter half of a call.
     */
    void useOnly(Event e, StateContext ctx) {
        int slot = Slots.FD[e.type().ordinal()];
        if (slot >= 0 && e.hasNumber(slot)) {
            long fd = e.number(slot, -1);
            use(lookup(ctx.process, fd), fd);
        }
    }

    private long ctxNum() {
        return state.eventNum();
    }

    private FdInfo lookup(ProcessInfo p, long fd) {
        if (fd < 0) {
            return null;
        }
        FdInfo info = p.fds.get(fd);
        if (info == null) {
            state.fdLookupsMissed++;
        }
        return info;
    }

    private void use(FdInfo info, long fd) {
        state.ctxFd(info, fd);
    }

    /**
     * {@link #O_CLOEXEC}, as the fd's open flags record it, when the parameter in {@code slots} of {@code e}
     * has {@code bit} set (a call's own close-on-exec flag); else 0.
     */
    private static long closeOnExec(Event e, int[] slots, long bit) {
        int slot = slots[e.type().ordinal()];
        return slot >= 0 && (e.number(slot, 0) & bit) != 0 ? O_CLOEXEC : 0;
    }

    private void created(ProcessInfo p, long ret, FdType type, String name, long openFlags) {
        if (ret < 0) {
            return;
        }
        FdInfo info = new FdInfo(type, name);
        info.setOpenFlags(openFlags);
        state.addFd(p, ret, info);
        use(info, ret);
    }

    private void addPair(Event e, ProcessInfo p, FdType type, String name, long openFlags) {
        EventType t = e.type();
        long fd1 = e.number(Slots.FD1[t.ordinal()], -1);
        long fd2 = e.number(Slots.FD2[t.ordinal()], -1);
        if (fd1 >= 0) {
            state.addFd(p, fd1, pairEnd(type, name, openFlags));
        }
        if (fd2 >= 0) {
            state.addFd(p, fd2, pairEnd(type, name, openFlags));
        }
        use(fd1 >= 0 ? p.fds.get(fd1) : null, fd1);
    }

    private static FdInfo pairEnd(FdType type, String name, long openFlags) {
        FdInfo info = new FdInfo(type, name);
        info.setOpenFlags(openFlags);
        return info;
    }

    private void open(Event e, ProcessInfo p, long ret) {
        EventType type = e.type();
        String raw = e.text(Slots.NAME[type.ordinal()]);
        long flags = type == EventType.CREAT ? 0101 | 01000 : e.number(Slots.FLAGS[type.ordinal()], 0);
        long dirfd = e.number(Slots.DIRFD[type.ordinal()], ProcessInfo.AT_FDCWD);
        String name = PathNames.absolute(p.directoryFor(dirfd), raw);
        if (name == null) {
            name = raw;
        }
        FdInfo info = new FdInfo((flags & O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE, name);
        info.setName(name, raw, -1);
        paths.split(info);
        info.setOpenFlags(flags);
        info.setDevIno(e.number(Slots.DEV[type.ordinal()], 0), e.number(Slots.INO[type.ordinal()], 0));
        if (ret >= 0) {
            state.addFd(p, ret, info);
            use(info, ret);
        } else {
            use(info, -1);
        }
    }

    private void socket(Event e, ProcessInfo p, long ret) {
        if (ret < 0) {
            use(null, -1);
            return;
        }
        EventType type = e.type();
        long domain = e.number(Slots.DOMAIN[type.ordinal()], 0);
        long sockType = e.number(Slots.TYPE[type.ordinal()], 0) & 0xf;
        long proto = e.number(Slots.PROTO[type.ordinal()], 0);
        FdType fdType = domain == 2 ? FdType.IPV4 : domain == 10 ? FdType.IPV6 : domain == 1 ? FdType.UNIX
                : domain == 16 ? FdType.NETLINK : FdType.UNKNOWN;
        FdInfo info = new FdInfo(fdType, "");
        info.setOpenFlags(closeOnExec(e, Slots.TYPE, SOCK_CLOEXEC));
        if (fdType.isIp()) {
            info.setL4(sockType == 1 ? FdInfo.L4.TCP : sockType == 2 ? FdInfo.L4.UDP
                    : proto == 1 || proto == 58 ? FdInfo.L4.ICMP : sockType == 3 ? FdInfo.L4.RAW : FdInfo.L4.NONE);
        }
        state.addFd(p, ret, info);
        use(info, ret);
    }

    private void connect(Event e, ProcessInfo p, long ret) {
        EventType type = e.type();
        long fd = e.number(Slots.FD[type.ordinal()], -1);
        FdInfo info = lookup(p, fd);
        String text = e.text(Slots.TUPLE[type.ordinal()]);
        if (text == null) {
            text = e.text(Slots.ADDR[type.ordinal()]);
        }
        SocketTuple t = tuples.parse(text);
        if (info == null && fd >= 0 && t != null) {
            info = new FdInfo(t.isUnix() ? FdType.UNIX : t.isV6() ? FdType.IPV6 : FdType.IPV4, "");
            if (!t.isUnix()) {
                info.setL4(FdInfo.L4.TCP);
            }
            state.addFd(p, fd, info);
        }
        if (info != null && t != null && (ret >= 0 || ret == -115)) {
            info.setRole(FdInfo.Role.CLIENT);
            if (t.isUnix()) {
                info.setName(t.unixPath(), t.unixPath(), ctxNum());
            } else {
                info.setEndpoints(t.clientIp(), t.clientPort(), t.serverIp(), t.serverPort());
                info.setName(text, text, ctxNum());
            }
            info.setConnected(ret >= 0);
        }
        use(info, fd);
    }

    private void accept(Event e, ProcessInfo p, long ret) {
        EventType type = e.type();
        long fd = ret >= 0 ? ret : e.number(Slots.FD[type.ordinal()], -1);
        String text = e.text(Slots.TUPLE[type.ordinal()]);
        SocketTuple t = tuples.parse(text);
        if (fd < 0 || ret < 0) {
            use(null, -1);
            return;
        }
        FdType fdType = t == null ? FdType.UNKNOWN : t.isUnix() ? FdType.UNIX : t.isV6() ? FdType.IPV6 : FdType.IPV4;
        FdInfo info = new FdInfo(fdType, "");
        info.setOpenFlags(type == EventType.ACCEPT4 ? closeOnExec(e, Slots.FLAGS, SOCK_CLOEXEC) : 0);
        info.setRole(FdInfo.Role.SERVER);
        info.setConnected(true);
        if (t != null) {
            if (t.isUnix()) {
                info.setName(t.unixPath(), t.unixPath(), ctxNum());
            } else {
                info.setL4(FdInfo.L4.TCP);
                info.setEndpoints(t.clientIp(), t.clientPort(), t.serverIp(), t.serverPort());
                info.setName(text, text, ctxNum());
            }
        }
        state.addFd(p, fd, info);
        use(info, fd);
    }
}
