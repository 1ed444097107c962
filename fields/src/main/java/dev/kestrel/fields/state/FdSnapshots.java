package dev.kestrel.fields.state;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.FdSnapshot;

/**
 * Puts the fds a capture file lists into their process's fd table, as libsinsp loads a capture's fd
 * list: files keep their path and open flags, sockets their endpoints. An fd of a process the state
 * does not know is counted as a missed lookup and otherwise ignored.
 */
final class FdSnapshots {

    private final SystemState state;
    private final ThreadTable threads;

    FdSnapshots(SystemState state, ThreadTable threads) {
        this.state = state;
        this.threads = threads;
    }

    void apply(Event e) {
        FdSnapshot s = e.fdSnapshot();
        ProcessInfo p = threads.process(s.pid());
        if (p == null) {
            ThreadInfo t = threads.thread(s.pid());
            p = t == null ? null : t.process;
        }
        if (p == null || s.fd() < 0) {
            state.fdLookupsMissed++;
            return;
        }
        FdType type = typeOf(s.type());
        String name = s.name() == null ? "" : s.name();
        FdInfo info = new FdInfo(type, name);
        info.setOpenFlags(s.openFlags());
        info.setDevIno(0, s.ino());
        if (type.isIp()) {
            info.setL4(l4(s.l4proto()));
            SocketTuple t = SocketTuple.parse(s.tuple());
            if (t != null && t.clientIp() != null) {
                info.setEndpoints(t.clientIp(), t.clientPort(), t.serverIp(), t.serverPort());
                info.setConnected(true);
                info.setName(s.tuple(), s.tuple(), -1);
            } else if (t != null && t.serverIp() != null) {
                info.setServer(t.serverIp(), t.serverPort());
                info.setRole(FdInfo.Role.SERVER);
                info.setName(s.tuple(), s.tuple(), -1);
            }
        }
        state.addFd(p, s.fd(), info);
    }

    private static FdType typeOf(String text) {
        if (text != null) {
            for (FdType t : FdType.values()) {
                if (t.text().equals(text)) {
                    return t;
                }
            }
        }
        return FdType.UNKNOWN;
    }

    private static FdInfo.L4 l4(String text) {
        if (text != null) {
            for (FdInfo.L4 l : FdInfo.L4.values()) {
                if (text.equals(l.text())) {
                    return l;
                }
            }
        }
        return FdInfo.L4.NONE;
    }
}
