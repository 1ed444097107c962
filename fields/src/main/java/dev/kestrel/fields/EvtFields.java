package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.b;
import static dev.kestrel.fields.Accessors.bool;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.Errno;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.StateContext;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code evt} field class: the event's type, time, return value and parameters ({@code evt.arg.NAME}
 * rendered, {@code evt.rawarg.NAME} typed), plus the open/io classification Falco's macros use.
 * Times print in UTC.
 */
public final class EvtFields extends CatalogueFieldClass {

    private static final long O_ACCMODE = 3;
    private static final long O_WRONLY = 1;
    private static final long O_RDWR = 2;
    private static final long O_CREAT = 0100;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final int[] FLAGS = slots("flags");
    private static final int[] MODE = slots("mode");
    private static final int[] SIZE = slots("size");
    private static final int[] DATA = slots("data");

    public EvtFields() {
        super("evt", "the event: type, time, return value and parameters", bindings());
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("evt.num", n(StateContext::eventNum));
        m.put("evt.time", s(c -> clock(c.event().timestampNanos(), true)));
        m.put("evt.time.s", s(c -> clock(c.event().timestampNanos(), false)));
        m.put("evt.time.iso8601", s(c -> DATE.format(instant(c)) + "T" + clock(c.event().timestampNanos(), true) + "+0000"));
        m.put("evt.datetime", s(c -> DATE.format(instant(c)) + " " + clock(c.event().timestampNanos(), true)));
        m.put("evt.datetime.s", s(c -> DATE.format(instant(c)) + " " + clock(c.event().timestampNanos(), false)));
        m.put("evt.rawtime", n(c -> c.event().timestampNanos()));
        m.put("evt.rawtime.s", n(c -> c.event().timestampNanos() / 1_000_000_000L));
        m.put("evt.rawtime.ns", n(c -> c.event().timestampNanos() % 1_000_000_000L));
        m.put("evt.reltime", n(c -> c.event().timestampNanos() - c.state().firstTimestamp()));
        m.put("evt.reltime.s", n(c -> (c.event().timestampNanos() - c.state().firstTimestamp()) / 1_000_000_000L));
        m.put("evt.reltime.ns", n(c -> (c.event().timestampNanos() - c.state().firstTimestamp()) % 1_000_000_000L));
        m.put("evt.deltatime", n(c -> c.event().timestampNanos() - c.previousTimestamp()));
        m.put("evt.deltatime.s", n(c -> (c.event().timestampNanos() - c.previousTimestamp()) / 1_000_000_000L));
        m.put("evt.deltatime.ns", n(c -> (c.event().timestampNanos() - c.previousTimestamp()) % 1_000_000_000L));
        m.put("evt.source", s(c -> "syscall"));
        m.put("evt.is_async", b(c -> bool(c.event().type().internal())));
        m.put("evt.hostname", ref -> {
            String host = hostName();
            return new Accessors.Str(ref, c -> host);
        });
        m.put("evt.dir", s(c -> c.event().isEnter() ? ">" : "<"));
        m.put("evt.type", s(c -> c.event().type().falcoName()));
        m.put("syscall.type", s(c -> c.event().type().falcoName()));
        m.put("evt.type.is", ref -> {
            EventType t = EventType.fromName(ref.argument());
            if (t == null) {
                throw new FieldBindException("unknown event type '" + ref.argument() + "' in " + ref.text());
            }
            return new Accessors.Num(ref, c -> c.event().type() == t ? 1 : 0);
        });
        m.put("evt.category", s(EvtFields::category));
        m.put("evt.args", s(EvtFields::renderArgs));
        m.put("evt.info", s(EvtFields::renderArgs));
        m.put("evt.arg", EvtFields::arg);
        m.put("evt.rawarg", EvtFields::rawArg);
        m.put("evt.buffer", s(c -> {
            int slot = DATA[c.event().type().ordinal()];
            return slot < 0 ? null : c.event().render(slot);
        }));
        m.put("evt.buflen", n(c -> {
            Event e = c.event();
            int slot = SIZE[e.type().ordinal()];
            if (!isIo(e.type())) {
                return NONE;
            }
            return e.returnValue() >= 0 ? e.returnValue() : e.number(slot, NONE);
        }));
        m.put("evt.res", s(c -> c.event().isEnter() ? null
                : c.event().returnValue() >= 0 ? "SUCCESS" : Errno.name(-c.event().returnValue())));
        m.put("evt.rawres", n(c -> c.event().isEnter() ? NONE : c.event().returnValue()));
        m.put("evt.failed", b(c -> bool(!c.event().isEnter() && c.event().returnValue() < 0)));
        m.put("evt.is_truncated", b(c -> bool(c.event().anyCut())));
        m.put("evt.is_io", b(c -> bool(isIo(c.event().type()))));
        m.put("evt.is_io_read", b(c -> bool(c.event().type().category() == EventType.Category.IO_READ)));
        m.put("evt.is_io_write", b(c -> bool(c.event().type().category() == EventType.Category.IO_WRITE)));
        m.put("evt.io_dir", s(c -> c.event().type().category() == EventType.Category.IO_READ ? "r"
                : c.event().type().category() == EventType.Category.IO_WRITE ? "w" : null));
        m.put("evt.is_wait", b(c -> bool(c.event().type().category() == EventType.Category.WAIT
                || c.event().type().category() == EventType.Category.SLEEP)));
        m.put("evt.is_syslog", b(c -> {
            FdInfo f = c.fd();
            return bool(c.event().type().category() == EventType.Category.IO_WRITE && f != null
                    && "/dev/log".equals(f.name()));
        }));
        m.put("evt.count", n(c -> 1));
        m.put("evt.count.error", n(c -> c.event().returnValue() < 0 ? 1 : 0));
        m.put("evt.count.error.file", n(c -> failedIn(c, EventType.Category.FILE)));
        m.put("evt.count.error.net", n(c -> failedIn(c, EventType.Category.NET)));
        m.put("evt.count.error.memory", n(c -> failedIn(c, EventType.Category.MEMORY)));
        m.put("evt.count.error.other", n(c -> {
            EventType.Category cat = c.event().type().category();
            boolean other = cat != EventType.Category.FILE && cat != EventType.Category.NET
                    && cat != EventType.Category.MEMORY;
            return c.event().returnValue() < 0 && other ? 1 : 0;
        }));
        m.put("evt.count.exit", n(c -> 1));
        m.put("evt.abspath", s(c -> EventPaths.absolute(c, EventPaths.Role.NAME)));
        m.put("evt.abspath.src", s(c -> EventPaths.absolute(c, EventPaths.Role.SOURCE)));
        m.put("evt.abspath.dst", s(c -> EventPaths.absolute(c, EventPaths.Role.TARGET)));
        m.put("evt.is_open_read", b(c -> openFlags(c) < 0 ? 0 : bool((openFlags(c) & O_ACCMODE) != O_WRONLY)));
        m.put("evt.is_open_write", b(c -> {
            long f = openFlags(c);
            return f < 0 ? 0 : bool((f & O_ACCMODE) == O_WRONLY || (f & O_ACCMODE) == O_RDWR);
        }));
        m.put("evt.is_open_create", b(c -> {
            long f = openFlags(c);
            return f < 0 ? 0 : bool((f & O_CREAT) != 0);
        }));
        m.put("evt.is_open_exec", b(c -> {
            long f = openFlags(c);
            Event e = c.event();
            long mode = e.number(MODE[e.type().ordinal()], 0);
            return f < 0 ? 0 : bool((f & O_CREAT) != 0 && (mode & 0111) != 0);
        }));
        return m;
    }

    private static Instant instant(StateContext c) {
        long ts = c.event().timestampNanos();
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
    }

    private static String clock(long ts, boolean nanos) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
        String hms = CLOCK.format(i);
        if (!nanos) {
            return hms;
        }
        String ns = Long.toString(Math.floorMod(ts, 1_000_000_000L));
        return hms + "." + "000000000".substring(ns.length()) + ns;
    }

    private static String hostName() {
        String env = System.getenv("FALCO_HOSTNAME");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }

    private static boolean isIo(EventType t) {
        EventType.Category c = t.category();
        return c == EventType.Category.IO_READ || c == EventType.Category.IO_WRITE;
    }

    private static long failedIn(StateContext c, EventType.Category category) {
        return c.event().returnValue() < 0 && c.event().type().category() == category ? 1 : 0;
    }

    /** The open flags of an open-family event, or -1 for other events. */
    /**
     * The event's category; an I/O call on a known fd takes the fd's kind, as libsinsp reports it
     * ({@code read} of a file is {@code file}, of a socket {@code net}, of a pipe {@code ipc}).
     */
    private static String category(StateContext c) {
        EventType.Category cat = c.event().type().category();
        boolean io = cat == EventType.Category.IO_READ || cat == EventType.Category.IO_WRITE
                || cat == EventType.Category.IO_OTHER;
        FdInfo f = c.fd();
        if (!io || f == null) {
            return cat.text();
        }
        return switch (f.type()) {
            case FILE, DIRECTORY -> "file";
            case IPV4, IPV6, UNIX, NETLINK -> "net";
            case PIPE -> "ipc";
            default -> cat.text();
        };
    }

    private static long openFlags(StateContext c) {
        Event e = c.event();
        EventType t = e.type();
        if (!t.isOpen() || e.isEnter()) {
            return -1; // libsinsp answers these on the exit half only
        }
        if (t == EventType.CREAT) {
            return O_WRONLY | O_CREAT;
        }
        return e.number(FLAGS[t.ordinal()], 0);
    }

    private static String renderArgs(StateContext c) {
        Event e = c.event();
        StringBuilder sb = new StringBuilder();
        for (EventParam p : e.type().params()) {
            String v = e.render(p.slot());
            if (v != null) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(p.name()).append('=').append(v);
                if (e.isCut(p.slot())) {
                    sb.append("...");
                }
            }
        }
        return sb.toString();
    }

    /**
     * evt.arg.NAME or evt.arg[N]: the parameter rendered as text, a relative file system path resolved
     * as libsinsp resolves it; "res" falls back to the return value.
     */
    private static FieldAccessor arg(FieldRef ref) {
        String a = ref.argument();
        if (a.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(a);
            return new Accessors.Str(ref, c -> {
                Event e = c.event();
                return index < e.type().params().size() ? argText(c, index) : null;
            });
        }
        int[] slots = slots(a);
        boolean res = a.equals("res");
        return new Accessors.Str(ref, c -> {
            Event e = c.event();
            int slot = slots[e.type().ordinal()];
            if (slot < 0) {
                if (res) {
                    long r = e.returnValue();
                    return r >= 0 ? Long.toString(r) : Errno.name(-r);
                }
                return null;
            }
            return argText(c, slot);
        });
    }

    /** The {@code evt.arg} text of parameter {@code slot}: rendered, a path resolved, empty as {@code <NA>}. */
    private static String argText(StateContext c, int slot) {
        Event e = c.event();
        String text = naIfEmpty(e.render(slot));
        return EventPaths.resolvedArgument(c, text, EventPaths.argumentDirectory(e.type(), slot));
    }

    /** evt.rawarg.NAME: the parameter as its raw value, a number when the parameter is numeric. */
    private static FieldAccessor rawArg(FieldRef ref) {
        String a = ref.argument();
        int[] slots = slots(a);
        if (EventType.isNumericParam(a)) {
            boolean res = a.equals("res");
            return new Accessors.Num(ref, c -> {
                Event e = c.event();
                int slot = slots[e.type().ordinal()];
                if (slot < 0) {
                    return res ? e.returnValue() : NONE;
                }
                return e.number(slot, NONE);
            });
        }
        return new Accessors.Str(ref, c -> {
            Event e = c.event();
            int slot = slots[e.type().ordinal()];
            return slot < 0 ? null : e.render(slot);
        });
    }

    private static int[] slots(String name) {
        EventType[] types = EventType.values();
        int[] slots = new int[types.length];
        for (EventType t : types) {
            slots[t.ordinal()] = t.slotIfPresent(name);
        }
        return slots;
    }

    private static String naIfEmpty(String v) {
        return v != null && v.isEmpty() ? "<NA>" : v;
    }
}
