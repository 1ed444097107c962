package dev.kestrel.sensor.strace;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.strace.StraceValues.SocketTuple;
import java.util.List;
import java.util.Map;

/**
 * Writes call events and process snapshots as Kestrel {@link Event}s, reusing one event instance
 * (the sink evaluates it before the next one is written). Parameters are set by Falco name; one the
 * event type's schema does not have is left out.
 */
final class KestrelEvents implements EventAdapter {

    private final Event event = new Event();

    @Override
    public void snapshot(ProcEntry p, EventSink sink) {
        sink.accept(event.resetProcess(System.currentTimeMillis() * 1_000_000L, p.toSnapshot()));
    }

    @Override
    public void accounts(List<UserMetadata> users, List<GroupMetadata> groups, EventSink sink) {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (UserMetadata u : users) {
            sink.accept(event.resetUser(now, u));
        }
        for (GroupMetadata g : groups) {
            sink.accept(event.resetGroup(now, g));
        }
    }

    @Override
    public void call(CallEvent call, EventSink sink) {
        EventType type = EventType.fromName(call.type());
        if (type == null) {
            return;
        }
        event.reset(type, call.timeNanos(), call.tid(), call.pid(), call.result());
        for (Map.Entry<String, Object> e : call.params().entrySet()) {
            EventParam p = type.param(e.getKey());
            if (p != null) {
                set(p, e.getValue());
            }
        }
        sink.accept(event);
    }

    @SuppressWarnings("unchecked")
    private void set(EventParam p, Object value) {
        if (value instanceof Long n) {
            if (p.kind().numeric()) {
                event.setNumber(p.slot(), n);
            } else {
                event.setText(p.slot(), Long.toString(n));
            }
        } else if (value instanceof String s) {
            event.setText(p.slot(), s);
        } else if (value instanceof List<?> list) {
            event.setList(p.slot(), (List<String>) list);
        } else if (value instanceof SocketTuple t) {
            event.setText(p.slot(), tupleText(t));
        }
    }

    /**
     * Falco's tuple text: {@code 10.0.0.1:40000->1.2.3.4:4444}, a unix path, or, when one end is not
     * known, only the other (so the unknown end has no value rather than a made-up 0.0.0.0).
     */
    static String tupleText(SocketTuple t) {
        if (t.unixPath() != null) {
            return t.unixPath();
        }
        if (t.remoteIp() == null) {
            return t.localIp() == null ? null : endpoint(t.localIp(), t.localPort());
        }
        if (t.localIp() == null) {
            return endpoint(t.remoteIp(), t.remotePort());
        }
        return endpoint(t.localIp(), t.localPort()) + "->" + endpoint(t.remoteIp(), t.remotePort());
    }

    private static String endpoint(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
