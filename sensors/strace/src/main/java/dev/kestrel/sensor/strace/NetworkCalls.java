package dev.kestrel.sensor.strace;

import dev.kestrel.sensor.proc.SocketInodes;
import dev.kestrel.sensor.strace.StraceValues.FdArg;
import dev.kestrel.sensor.strace.StraceValues.SocketAddress;
import dev.kestrel.sensor.strace.StraceValues.SocketTuple;
import java.util.Map;

/**
 * The network calls' parameters under Falco's names: {@code socket}, {@code connect},
 * {@code accept}/{@code accept4}, {@code bind}, {@code listen}, {@code sendto}, {@code recvfrom}.
 * Socket tuples come from strace's {@code -yy} annotations, completed with the address argument and,
 * when strace printed only an inode, the local end found in {@code /proc/PID/net}.
 */
final class NetworkCalls {

    private final SocketInodes sockets;

    /** @param sockets where local ends are looked up; null: nowhere */
    NetworkCalls(SocketInodes sockets) {
        this.sockets = sockets;
    }

    /** Puts the parameters of network call {@code s} (result {@code res}, process {@code pid}) into {@code p}. */
    void map(SyscallRecord s, long res, long pid, Map<String, Object> p) {
        switch (s.name()) {
            case "socket" -> {
                p.put("fd", res);
                p.put("domain", s.arg(0));
                p.put("type", s.arg(1));
                p.put("proto", s.arg(2));
            }
            case "connect" -> {
                p.put("res", res);
                SyscallMapper.fdParam(s, 0, "fd", p);
                p.put("tuple", tuple(s, pid, s.arg(0), StraceValues.sockaddr(s.arg(1))));
            }
            case "accept", "accept4" -> {
                p.put("fd", res);
                // strace prints local->peer; Falco's accept tuple is client (the peer) -> server (us).
                SocketTuple t = StraceValues.socket(s.resultAnnotation());
                if (t != null) {
                    p.put("tuple", t.remoteIp() == null ? t
                            : new SocketTuple(t.protocol(), t.remoteIp(), t.remotePort(), t.localIp(), t.localPort(), t.unixPath()));
                }
                if (s.name().equals("accept4")) {
                    p.put("flags", s.arg(3));
                }
            }
            case "bind" -> {
                p.put("res", res);
                SyscallMapper.fdParam(s, 0, "fd", p);
                SocketAddress a = StraceValues.sockaddr(s.arg(1));
                if (a != null) {
                    p.put("addr", a.path() != null ? a.path() : a.ip() + ":" + a.port());
                }
            }
            case "listen" -> {
                p.put("res", res);
                SyscallMapper.fdParam(s, 0, "fd", p);
                p.put("backlog", StraceValues.number(s.arg(1)));
            }
            case "sendto", "recvfrom" -> {
                p.put("res", res);
                SyscallMapper.fdParam(s, 0, "fd", p);
                p.put("size", StraceValues.number(s.arg(2)));
                p.put("tuple", tuple(s, pid, s.arg(0), StraceValues.sockaddr(s.arg(4))));
            }
            default -> {
                // Not a network call: nothing to add.
            }
        }
    }

    /**
     * The socket tuple: what {@code -yy} printed for the fd, completed with the address argument. A
     * unix socket address names the socket by its path (decoded, {@code @} first when abstract), as
     * Falco does; before a connect {@code -yy} shows only the socket's inode.
     */
    private SocketTuple tuple(SyscallRecord s, long pid, String fdRaw, SocketAddress address) {
        FdArg fd = StraceValues.fd(fdRaw);
        SocketTuple known = fd == null ? null : StraceValues.socket(fd.annotation());
        if (address != null && address.path() != null && !address.path().isEmpty()) {
            return new SocketTuple(known != null ? known.protocol() : "UNIX", null, 0, null, 0, address.path());
        }
        if (address == null || address.ip() == null) {
            return known;
        }
        String protocol = known != null ? known.protocol() : (address.family().equals("AF_INET6") ? "TCPv6" : "TCP");
        String localIp = known == null ? null : known.localIp();
        int localPort = known == null ? 0 : known.localPort();
        long inode = fd == null ? -1 : StraceValues.socketInode(fd.annotation());
        if (localIp == null && inode > 0 && sockets != null) {
            SocketInodes.Endpoint local = sockets.local(pid, inode, protocol);
            if (local != null) {
                localIp = local.ip();
                localPort = local.port();
            }
        }
        return new SocketTuple(protocol, localIp, localPort, address.ip(), address.port(), null);
    }
}
