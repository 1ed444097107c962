package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.b;
import static dev.kestrel.fields.Accessors.bool;
import static dev.kestrel.fields.Accessors.ip;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.FdTable;
import dev.kestrel.fields.state.FdType;
import dev.kestrel.fields.state.PathNames;
import dev.kestrel.fields.state.StateContext;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The {@code fd} field class: the file or socket the event uses (type, name, path parts, endpoints,
 * protocol), the either-endpoint fields and the list of all fd types of the process.
 */
public final class FdFields extends CatalogueFieldClass {

    public FdFields() {
        super("fd", "file descriptors: files and sockets with their endpoints", bindings());
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("fd.num", n(c -> c.fdNum() == StateContext.NO_FD ? NONE : c.fdNum()));
        m.put("fd.type", s(c -> held(c) == null ? null : held(c).type().text()));
        m.put("fd.typechar", s(c -> held(c) != null ? held(c).type().typechar() : typecharWithoutFd(c)));
        m.put("fd.name", s(c -> c.fd() == null ? null : c.fd().name()));
        m.put("fd.directory", s(c -> c.fd() == null ? null : c.fd().directory()));
        m.put("fd.filename", s(c -> held(c) == null ? null : held(c).filename()));
        m.put("fd.nameraw", s(c -> c.fd() == null ? null : PathNames.withoutRepeatedSlashes(c.fd().nameRaw())));
        m.put("fd.cip", ip(c -> ipSocket(c) == null ? null : ipSocket(c).clientIp()));
        m.put("fd.sip", ip(c -> ipSocket(c) == null ? null : ipSocket(c).serverIp()));
        m.put("fd.lip", ip(c -> ipSocket(c) == null ? null : ipSocket(c).localIp()));
        m.put("fd.rip", ip(c -> ipSocket(c) == null ? null : ipSocket(c).remoteIp()));
        m.put("fd.cnet", ip(c -> ipSocket(c) == null ? null : ipSocket(c).clientIp()));
        m.put("fd.snet", ip(c -> ipSocket(c) == null ? null : ipSocket(c).serverIp()));
        m.put("fd.lnet", ip(c -> ipSocket(c) == null ? null : ipSocket(c).localIp()));
        m.put("fd.rnet", ip(c -> ipSocket(c) == null ? null : ipSocket(c).remoteIp()));
        m.put("fd.cport", n(c -> port(ipSocket(c) == null ? -1 : ipSocket(c).clientPort())));
        m.put("fd.sport", n(c -> port(ipSocket(c) == null ? -1 : ipSocket(c).serverPort())));
        m.put("fd.lport", n(c -> port(ipSocket(c) == null ? -1 : ipSocket(c).localPort())));
        m.put("fd.rport", n(c -> port(ipSocket(c) == null ? -1 : ipSocket(c).remotePort())));
        m.put("fd.cproto", s(c -> ipSocket(c) == null ? null : ipSocket(c).l4().text()));
        m.put("fd.sproto", s(c -> ipSocket(c) == null ? null : ipSocket(c).l4().text()));
        m.put("fd.lproto", s(c -> ipSocket(c) == null ? null : ipSocket(c).l4().text()));
        m.put("fd.rproto", s(c -> ipSocket(c) == null ? null : ipSocket(c).l4().text()));
        m.put("fd.ip", ref -> new Accessors.Endpoints(ref,
                new Accessors.Ip(ref, c -> ipSocket(c) == null ? null : ipSocket(c).clientIp()),
                new Accessors.Ip(ref, c -> ipSocket(c) == null ? null : ipSocket(c).serverIp())));
        m.put("fd.net", ref -> new Accessors.Endpoints(ref,
                new Accessors.Ip(ref, c -> ipSocket(c) == null ? null : ipSocket(c).clientIp()),
                new Accessors.Ip(ref, c -> ipSocket(c) == null ? null : ipSocket(c).serverIp())));
        m.put("fd.port", ref -> new Accessors.Endpoints(ref,
                new Accessors.Num(ref, c -> port(ipSocket(c) == null ? -1 : ipSocket(c).clientPort())),
                new Accessors.Num(ref, c -> port(ipSocket(c) == null ? -1 : ipSocket(c).serverPort()))));
        m.put("fd.proto", ref -> new Accessors.Endpoints(ref,
                new Accessors.Str(ref, c -> ipSocket(c) == null ? null : ipSocket(c).l4().text()),
                new Accessors.Str(ref, c -> ipSocket(c) == null ? null : ipSocket(c).l4().text())));
        m.put("fd.l4proto", s(c -> c.fd() == null || !c.fd().type().isSocket() ? null
                : c.fd().l4() == FdInfo.L4.NONE ? null : c.fd().l4().text()));
        m.put("fd.sockfamily", s(c -> c.fd() == null ? null : c.fd().type().isIp() ? "ip"
                : c.fd().type() == FdType.UNIX ? "unix" : null));
        m.put("fd.is_server", b(c -> c.fd() == null || !c.fd().type().isSocket() ? -1
                : bool(c.fd().role() == FdInfo.Role.SERVER)));
        m.put("fd.uid", s(c -> c.fd() == null || c.thread() == null ? null : c.thread().tid() + "" + c.fdNum()));
        m.put("fd.containername", s(c -> c.fd() == null ? null : containerId(c) + ":" + c.fd().name()));
        m.put("fd.containerdirectory", s(c -> c.fd() == null || c.fd().directory() == null ? null
                : containerId(c) + ":" + c.fd().directory()));
        m.put("fd.connected", b(c -> c.fd() == null || !c.fd().type().isSocket() ? -1 : bool(c.fd().connected())));
        m.put("fd.name_changed", b(c -> c.fd() == null ? -1 : bool(c.fd().nameChangedBy(c.eventNum()))));
        m.put("fd.cip.name", s(c -> hostName(c, ipSocket(c) == null ? null : ipSocket(c).clientIp())));
        m.put("fd.sip.name", s(c -> hostName(c, ipSocket(c) == null ? null : ipSocket(c).serverIp())));
        m.put("fd.lip.name", s(c -> hostName(c, ipSocket(c) == null ? null : ipSocket(c).localIp())));
        m.put("fd.rip.name", s(c -> hostName(c, ipSocket(c) == null ? null : ipSocket(c).remoteIp())));
        m.put("fd.dev", n(c -> file(c) == null ? NONE : file(c).dev()));
        m.put("fd.dev.major", n(c -> file(c) == null ? NONE : (file(c).dev() >>> 20) & 0xfff));
        m.put("fd.dev.minor", n(c -> file(c) == null ? NONE : file(c).dev() & 0xfffff));
        m.put("fd.ino", n(c -> file(c) == null || file(c).ino() <= 0 ? NONE : file(c).ino()));
        m.put("fd.types", ref -> ref.argument() == null ? new AllTypes(ref)
                : new OneType(ref, Long.parseLong(ref.argument())));
        return m;
    }

    /**
     * The fd the event uses when the process holds it; null for a failed open, which names a path
     * ({@code fd.name}, {@code fd.directory}) but made no fd, as in libsinsp.
     */
    private static FdInfo held(StateContext c) {
        return c.fdNum() >= 0 ? c.fd() : null;
    }

    /**
     * {@code fd.typechar} of a call that makes an fd, when it failed, as libsinsp takes it from the call alone,
     * never from its flags: 'f' for openat, openat2 and creat, the kind of fd the call makes for most others,
     * 'o' for open, socketpair, memfd_create and epoll_create; null for any other call.
     */
    private static String typecharWithoutFd(StateContext c) {
        String byCall = typecharOfCall(c.event().type());
        // a call on an fd (or making one, failed) that the process does not hold: 'o', as libsinsp gives
        return byCall != null ? byCall : c.fdNum() != StateContext.NO_FD ? FdType.UNKNOWN.typechar() : null;
    }

    private static String typecharOfCall(EventType call) {
        return switch (call) {
            case OPENAT, OPENAT2, CREAT -> FdType.FILE.typechar();
            case SOCKET, ACCEPT, ACCEPT4 -> FdType.IPV4.typechar();
            case PIPE, PIPE2 -> FdType.PIPE.typechar();
            case EVENTFD, EVENTFD2 -> FdType.EVENT.typechar();
            case SIGNALFD, SIGNALFD4 -> FdType.SIGNALFD.typechar();
            case TIMERFD_CREATE -> FdType.TIMERFD.typechar();
            case INOTIFY_INIT, INOTIFY_INIT1 -> FdType.INOTIFY.typechar();
            case OPEN, OPEN_BY_HANDLE_AT, SOCKETPAIR, MEMFD_CREATE, EPOLL_CREATE, EPOLL_CREATE1 -> FdType.UNKNOWN.typechar();
            default -> null;
        };
    }

    private static FdInfo ipSocket(StateContext c) {
        FdInfo f = c.fd();
        return f != null && f.type().isIp() ? f : null;
    }

    private static FdInfo file(StateContext c) {
        FdInfo f = held(c);
        return f != null && (f.type() == FdType.FILE || f.type() == FdType.DIRECTORY) ? f : null;
    }

    private static long port(int port) {
        return port < 0 ? NONE : port;
    }

    private static String containerId(StateContext c) {
        String id = c.containerId();
        return id == null ? "host" : id;
    }

    private static String hostName(StateContext c, IpAddress ip) {
        return ip == null ? null : c.state().hostName(ip);
    }

    private static FdTable table(EventContext ctx) {
        return ctx instanceof StateContext c && c.process() != null ? c.process().fds() : null;
    }

    /** fd.types: the types of every fd of the process, as a list. */
    record AllTypes(FieldRef field) implements FieldAccessor.OfStrings {
        @Override
        public boolean present(EventContext ctx) {
            FdTable t = table(ctx);
            return t != null && t.size() > 0;
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            FdTable t = table(ctx);
            if (t == null || t.size() == 0) {
                out.append("<NA>");
                return;
            }
            TreeSet<String> types = new TreeSet<>();
            t.forEachUnordered(f -> types.add(f.type().text()));
            out.append('(').append(String.join(",", types)).append(')');
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            FdTable t = table(ctx);
            return t != null && t.anyType(test);
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            FdTable t = table(ctx);
            return t != null && t.size() > 0 && t.allTypes(test);
        }
    }

    /** fd.types[N]: the type of fd N, as a one-element list. */
    record OneType(FieldRef field, long fd) implements FieldAccessor.OfStrings {
        private String type(EventContext ctx) {
            FdTable t = table(ctx);
            FdInfo f = t == null ? null : t.get(fd);
            return f == null ? null : f.type().text();
        }

        @Override
        public boolean present(EventContext ctx) {
            return type(ctx) != null;
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            String v = type(ctx);
            out.append(v == null ? "<NA>" : v);
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            String v = type(ctx);
            return v != null && test.test(v);
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            return anyMatch(ctx, test);
        }
    }
}
